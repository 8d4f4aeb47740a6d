package io.metaq.cli;

import io.metaq.client.AdminClient;
import io.metaq.client.ClientException;
import io.metaq.client.MessagingClient;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.StatsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stats}: a broker's {@code stats} answer, aligned. */
@Command(name = "stats", header = "Show brokers' statistics.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints brokers' statistics (the protocol's stats command) as aligned 'name value' lines, "
                + "under a 'broker <id> (<url>)' line per broker.",
            "Items: none for the summary (broker_id, uptime, cmd_put, ...), topics, offsets, realtime, a topic "
                + "name, config (the broker's configuration file), help (the list), reset (zero the counters)."})
final class StatsCommand extends AdminCommand {
    @Option(names = "--broker", paramLabel = "<id>", split = ",",
            description = "Broker(s), repeatable or comma-separated (default: every live broker).")
    List<Integer> brokers = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "<item>", description = "What to show (default: the summary).")
    String item = "";

    @Override
    protected int run() {
        if (item.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw usage("the item must not contain spaces or control characters: '" + item + "'");
        }
        try (MessagingClient client = connect()) {
            AdminClient admin = client.admin();
            List<Integer> targets = TopicsCommand.targets(admin, brokers);
            int code = ExitCodes.OK;
            boolean first = true;
            for (int broker : targets) {
                if (!first) {
                    out().println();
                }
                first = false;
                out().println("broker " + broker + " (" + admin.brokers().get(broker) + ")");
                try {
                    if (item.equals("config")) {
                        ResultResponse r = admin.send(broker, new StatsRequest(item, 0));
                        if (r.code() != ResultResponse.OK) {
                            throw new ClientException("stats config on broker " + broker + " answered " + r.code() + ": "
                                    + r.text());
                        }
                        out().print(r.text().replace("\r\n", "\n"));
                        if (!r.text().endsWith("\n")) {
                            out().println();
                        }
                        continue;
                    }
                    Map<String, String> stats = admin.stats(broker, item);
                    Table t = new Table("NAME", "VALUE");
                    for (Map.Entry<String, String> e : stats.entrySet()) {
                        t.row(e.getKey(), e.getValue());
                    }
                    t.print(out(), false);
                } catch (ClientException e) {
                    out().flush();
                    warn("broker " + broker + ": " + Errors.describe(e));
                    code = Math.max(code, Errors.exitCode(e));
                }
            }
            out().flush();
            return code;
        }
    }
}
