package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.client.Partition;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Offsets in a local file, {@code <dir>/<group>.offsets}, one {@code <topic>/<brokerId>-<partition>=<lastMsgId>-<offset>}
 * line per partition; rewritten whole on each commit (temp file, fsync, atomic rename), so a crash
 * leaves the old or the new file, never half of one. Used by broadcasting members, whose positions
 * are their own. Thread-safe.
 */
final class FileOffsetStore implements OffsetStore {
    private final Path file;
    private final Properties offsets = new Properties();

    FileOffsetStore(Path dir, String group) {
        this.file = dir.resolve(group + ".offsets");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    offsets.load(r);
                }
            }
        } catch (IOException e) {
            throw new ClientException("cannot read offsets file " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized Optional<Committed> load(String topic, Partition partition) {
        String v = offsets.getProperty(topic + "/" + partition);
        try {
            return v == null ? Optional.empty() : Optional.of(Committed.parse(v));
        } catch (IllegalArgumentException e) {
            throw new ClientException("bad offset in " + file + " for " + topic + "/" + partition + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void commit(String topic, Partition partition, Committed committed) {
        offsets.setProperty(topic + "/" + partition, committed.format());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                offsets.store(w, "MetaQ consumer offsets: <topic>/<brokerId>-<partition>=<lastMsgId>-<offset>");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ClientException("cannot write offsets file " + file + ": " + e, e);
        }
    }

    @Override
    public void close() {
        // every commit is already on disk
    }
}
