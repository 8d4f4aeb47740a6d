package io.metaq.store.core;

import io.metaq.spi.store.FileRegionView;
import io.metaq.spi.store.ReadView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real FileChannel segments whose writes or fsyncs can be made to fail on demand, and which count
 * fsyncs: the engine's error paths and group commit cannot be observed through a healthy disk.
 */
final class TestingSegmentStorageFactory implements SegmentStorageFactory {
    final AtomicBoolean failWrites = new AtomicBoolean();
    final AtomicBoolean failForces = new AtomicBoolean();
    final AtomicInteger forces = new AtomicInteger();

    @Override
    public SegmentStorage open(Path path, long dataSize, boolean writable, long capacity) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new SegmentStorage() {
            @Override
            public Path path() {
                return path;
            }

            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                if (failWrites.get()) {
                    throw new IOException("injected write failure (disk full)");
                }
                long pos = position;
                while (src.hasRemaining()) {
                    pos += ch.write(src, pos);
                }
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return ch.read(dst, position);
            }

            @Override
            public void force() throws IOException {
                if (failForces.get()) {
                    throw new IOException("injected fsync failure");
                }
                forces.incrementAndGet();
                ch.force(false);
            }

            @Override
            public ReadView view(long logOffset, long position, int size, Runnable release) {
                return new FileRegionView(logOffset, ch, position, size, release);
            }

            @Override
            public void seal(long dataSize) {
            }

            @Override
            public void close(long dataSize) throws IOException {
                ch.close();
            }
        };
    }
}
