package io.metaq.cli;

import io.metaq.api.Message;
import io.metaq.client.MessagingClient;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.client.SendResult;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code produce}: one message per line of standard input or a file. */
@Command(name = "produce", header = "Send lines of standard input or a file as messages.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends each line of standard input (or --file), UTF-8 without its line end, as one message. "
                + "Prints '<id> <partition> <offset>' per message on standard output (unless --quiet), in input "
                + "order, and a summary on standard error; a progress line on a terminal when it takes long.",
            "Exit code 1 when any send failed (each failure is reported on standard error)."})
final class ProduceCommand extends AdminCommand {
    /** Sends in flight before the oldest is waited for. */
    private static final int WINDOW = 10_000;

    @Option(names = "--topic", required = true, paramLabel = "<topic>", description = "The topic.")
    String topic;

    @Option(names = "--attribute", paramLabel = "<text>", description = "An attribute for every message.")
    String attribute;

    @Option(names = "--file", paramLabel = "<path>", description = "Read this file instead of standard input.")
    Path file;

    @Option(names = {"-q", "--quiet"}, description = "Do not print a line per message.")
    boolean quiet;

    private record Pending(long line, CompletableFuture<SendResult> future) {
    }

    @Override
    protected int run() throws IOException {
        checkTopicName(topic);
        AdminMain root = AdminMain.of(spec);
        long total = -1;
        InputStream raw;
        if (file != null) {
            try {
                total = Files.size(file);
                raw = Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                throw CliException.failed("no such file: " + file);
            } catch (IOException e) {
                throw CliException.failed("cannot read " + file + ": " + e.getMessage());
            }
        } else {
            raw = root.stdin();
        }
        AtomicLong bytesRead = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        long failed = 0;
        int code = ExitCodes.OK;
        long start = System.nanoTime();
        try (InputStream counted = new CountingStream(raw, bytesRead);
                BufferedReader in = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
                MessagingClient client = connect();
                Producer producer = client.createProducer(ProducerConfig.builder()
                        .requestTimeoutMs(connection.timeoutMs).maxBlockMs(Math.max(connection.timeoutMs, 30_000))
                        .build());
                ProgressLine progress = ProgressLine.start(err(), root.stderrIsTerminal(), "produce", "msgs",
                        sent::get, bytesRead::get, total)) {
            ArrayDeque<Pending> pending = new ArrayDeque<>();
            long lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                CompletableFuture<SendResult> f;
                try {
                    f = producer.sendAsync(new Message(topic, line.getBytes(StandardCharsets.UTF_8), attribute));
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                pending.add(new Pending(lineNo, f));
                while (!pending.isEmpty() && (pending.size() > WINDOW || pending.peek().future().isDone())) {
                    int c = complete(pending.poll(), progress, sent);
                    failed += c == ExitCodes.OK ? 0 : 1;
                    code = Math.max(code, c);
                }
            }
            while (!pending.isEmpty()) {
                int c = complete(pending.poll(), progress, sent);
                failed += c == ExitCodes.OK ? 0 : 1;
                code = Math.max(code, c);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err().println(String.format(Locale.ROOT, "produced %d message(s) to topic %s in %.1f s%s", sent.get(), topic,
                seconds, failed == 0 ? "" : "; " + failed + " failed"));
        err().flush();
        return code;
    }

    /** Waits for one send and prints its result; returns its exit code. */
    private int complete(Pending p, ProgressLine progress, AtomicLong sent) {
        try {
            SendResult r = p.future().join();
            sent.incrementAndGet();
            if (!quiet) {
                progress.output(out(), () -> out().println(r.id() + " " + r.partition() + " " + r.offset()));
            }
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            progress.output(err(), () -> err().println("line " + p.line() + ": send failed: " + Errors.describe(e)));
            return Errors.exitCode(e) == ExitCodes.UNREACHABLE ? ExitCodes.UNREACHABLE : ExitCodes.FAILED;
        }
    }

    /** Counts the bytes read, for the progress bar. */
    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong count;

        CountingStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
