package io.metaq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaq.client.AdminClient;
import io.metaq.client.ClientException;
import io.metaq.client.MessagingClient;
import io.metaq.spi.transport.ResultResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reload}: brokers re-read broker.yaml and apply its filters section ({@code reload}). */
@Command(name = "reload", header = "Make brokers apply their broker.yaml's filters section.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Each broker re-reads its configuration file (as on SIGHUP) and puts the server-side filters "
                + "of its 'filters' section in service, without a restart. The whole file is checked; a bad file "
                + "or a filter that cannot be made leaves the filters in service unchanged and is reported. "
                + "Changes to other sections need a restart; they are listed.",
            "Exit code 1 when a broker refused the reload."})
final class ReloadCommand extends AdminCommand {
    @Option(names = "--broker", paramLabel = "<id>", split = ",",
            description = "Broker(s), repeatable or comma-separated (default: every live broker).")
    List<Integer> brokers = new ArrayList<>();

    @Override
    protected int run() {
        try (MessagingClient client = connect()) {
            AdminClient admin = client.admin();
            List<Integer> targets = TopicsCommand.targets(admin, brokers);
            int code = ExitCodes.OK;
            for (int broker : targets) {
                ResultResponse r;
                try {
                    r = admin.admin(broker, "{\"op\":\"reload\"}");
                } catch (ClientException e) {
                    out().println("broker " + broker + ": failed: " + Errors.describe(e));
                    code = Math.max(code, Errors.exitCode(e));
                    continue;
                }
                if (r.code() != ResultResponse.OK) {
                    out().println("broker " + broker + ": refused (" + r.code() + "): " + r.text().strip());
                    code = Math.max(code, ExitCodes.FAILED);
                    continue;
                }
                JsonNode answer = PluginsCommand.parse(r, broker);
                List<String> filters = new ArrayList<>();
                for (JsonNode f : answer.path("filters")) {
                    filters.add(f.path("topic").asText() + "/" + f.path("group").asText() + "="
                            + f.path("provider").asText());
                }
                out().println("broker " + broker + ": reloaded; " + (filters.isEmpty() ? "no filters"
                        : filters.size() + " filter(s): " + String.join(", ", filters)));
                List<String> restart = new ArrayList<>();
                answer.path("restartRequired").forEach(n -> restart.add(n.asText()));
                if (!restart.isEmpty()) {
                    out().println("broker " + broker + ": changes to " + String.join(", ", restart)
                            + " need a restart");
                }
            }
            out().flush();
            return code;
        }
    }
}
