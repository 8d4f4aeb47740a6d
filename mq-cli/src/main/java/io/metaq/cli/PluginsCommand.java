package io.metaq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaq.client.AdminClient;
import io.metaq.client.ClientException;
import io.metaq.client.MessagingClient;
import io.metaq.spi.transport.ResultResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plugins}: the plugins each broker loaded from its plugins/ directory ({@code list-plugins}). */
@Command(name = "plugins", header = "List the plugins the brokers loaded.", mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Lists, per broker, the plugins loaded from its plugins/ directory at start: name, version, "
                + "the SPI version it was built for, the providers it brings (e.g. filter providers to name in "
                + "broker.yaml's filters section) and its directory.",
            "Exit code 1 when a broker refused (e.g. admin operations disabled)."})
final class PluginsCommand extends AdminCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--broker", paramLabel = "<id>", split = ",",
            description = "Broker(s), repeatable or comma-separated (default: every live broker).")
    List<Integer> brokers = new ArrayList<>();

    @Override
    protected int run() {
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
                ResultResponse r;
                try {
                    r = admin.admin(broker, "{\"op\":\"list-plugins\"}");
                } catch (ClientException e) {
                    out().flush();
                    warn("broker " + broker + ": " + Errors.describe(e));
                    code = Math.max(code, Errors.exitCode(e));
                    continue;
                }
                if (r.code() != ResultResponse.OK) {
                    out().println("refused (" + r.code() + "): " + r.text().strip());
                    code = Math.max(code, ExitCodes.FAILED);
                    continue;
                }
                JsonNode list = parse(r, broker);
                if (list.isEmpty()) {
                    out().println("(no plugins)");
                    continue;
                }
                Table t = new Table("NAME", "VERSION", "API", "PROVIDERS", "DIRECTORY");
                for (JsonNode p : list) {
                    List<String> providers = new ArrayList<>();
                    p.path("providers").forEach(n -> providers.add(n.asText()));
                    t.row(p.path("name").asText(), p.path("version").asText(), p.path("apiVersion").asText(),
                            providers.isEmpty() ? "-" : String.join(",", providers), p.path("dir").asText());
                }
                t.print(out(), false);
            }
            out().flush();
            return code;
        }
    }

    /** A 200 answer's JSON body. */
    static JsonNode parse(ResultResponse r, int broker) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw CliException.failed("broker " + broker + " answered malformed JSON: " + e.getMessage());
        }
    }
}
