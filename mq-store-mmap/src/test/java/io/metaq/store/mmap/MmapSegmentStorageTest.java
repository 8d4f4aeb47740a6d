package io.metaq.store.mmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import io.metaq.spi.store.ReadView;
import io.metaq.spi.store.StoreConfig;
import io.metaq.store.core.SegmentStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmapSegmentStorageTest {
    @TempDir
    Path dir;
    private MmapSegmentStorageFactory factory;

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
    }

    private MmapSegmentStorageFactory factory(int maxMapped) {
        factory = new MmapSegmentStorageFactory(new MappedSegmentCache(maxMapped), new PageToucher("test-toucher"));
        return factory;
    }

    private SegmentStorage sealedSegment(MmapSegmentStorageFactory f, int i, byte fill) throws IOException {
        Path p = dir.resolve(i + ".meta");
        byte[] data = new byte[8192];
        java.util.Arrays.fill(data, fill);
        Files.write(p, data);
        return f.open(p, data.length, false, data.length);
    }

    @Test
    void readMappings_neverMoreThanTheLimitAtOnce() throws IOException {
        MmapSegmentStorageFactory f = factory(2);
        List<SegmentStorage> segments = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            segments.add(sealedSegment(f, i, (byte) i));
        }
        MappedSegmentCache cache = f.cache();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < segments.size(); i++) {
                try (ReadView v = segments.get(i).view(0, 100, 16, () -> { })) {
                    assertThat(v.toByteBuffer().get(0)).isEqualTo((byte) i);
                }
                assertThat(cache.size()).isLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void evictedMapping_pinnedByOpenView_staysReadableUntilClosed() throws IOException {
        MmapSegmentStorageFactory f = factory(1);
        SegmentStorage a = sealedSegment(f, 0, (byte) 7);
        SegmentStorage b = sealedSegment(f, 1, (byte) 9);
        ReadView pinned = a.view(0, 0, 8192, () -> { });
        try (ReadView other = b.view(0, 0, 10, () -> { })) {
            assertThat(other.toByteBuffer().get(0)).isEqualTo((byte) 9);
        }
        ByteBuffer bytes = pinned.toByteBuffer();
        for (int i = 0; i < 8192; i += 512) {
            assertThat(bytes.get(i)).isEqualTo((byte) 7);
        }
        pinned.close();
    }

    @Test
    void close_trimsPreallocatedFileToItsData() throws IOException {
        MmapSegmentStorageFactory f = factory(4);
        Path p = dir.resolve("active.meta");
        SegmentStorage s = f.open(p, 0, true, 1 << 20);
        assertThat(Files.size(p)).as("preallocated").isEqualTo(1 << 20);
        s.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
        s.close(3);
        assertThat(Files.size(p)).isEqualTo(3);
    }

    @Test
    void pageToucher_runningAheadOfTheWriter_neverDamagesWrittenBytes() throws Exception {
        MmapSegmentStorageFactory f = factory(4);
        Path p = dir.resolve("race.meta");
        int capacity = 64 << 20;
        SegmentStorage s = f.open(p, 0, true, capacity);
        Random random = new Random(42);
        byte[] chunk = new byte[1000];
        long pos = 0;
        List<byte[]> written = new ArrayList<>();
        while (pos + chunk.length <= capacity) {
            random.nextBytes(chunk);
            chunk[0] = 0; // zero ints at page starts are exactly what a careless toucher would clobber
            byte[] copy = chunk.clone();
            written.add(copy);
            s.write(ByteBuffer.wrap(copy), pos);
            pos += copy.length;
        }
        ByteBuffer back = ByteBuffer.allocate(1000);
        long at = 0;
        for (byte[] expected : written) {
            back.clear();
            s.read(back, at);
            assertThat(back.array()).isEqualTo(expected);
            at += expected.length;
        }
        s.close(pos);
    }

    @Test
    void provider_unknownMmapOption_failsNamingTheKey() {
        StoreConfig cfg = StoreConfig.builder(dir).options(Map.of("mmap.maxMapped", "3")).build();
        assertThatThrownBy(() -> new MmapStoreProvider().create(cfg)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mmap.maxMapped");
    }
}
