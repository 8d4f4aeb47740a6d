package io.metaq.store.file;

import io.metaq.store.core.SegmentStorage;
import io.metaq.store.core.SegmentStorageFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens segment files as plain channels: read-write for the active segment, read-only otherwise. */
final class FileSegmentStorageFactory implements SegmentStorageFactory {
    @Override
    public SegmentStorage open(Path path, long dataSize, boolean writable, long capacity) throws IOException {
        FileChannel ch = writable
                ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        return new FileSegmentStorage(path, ch, writable);
    }
}
