package io.metaq.store.core;

import io.metaq.spi.store.ReadView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The I/O of one segment file, the part a store provider supplies (FileChannel writes, or a memory
 * map). The engine ({@link SegmentedLog}) decides what goes where; a storage only moves bytes.
 *
 * <p>Threads: {@link #write} is called by one appending thread at a time (under the partition's
 * append lock), {@link #force} by one flush thread at a time, concurrently with writes; {@link #read}
 * and {@link #view} from any thread, only for bytes already written. {@link #seal} is called once
 * when the engine stops writing to the segment (its last bytes may not be forced yet);
 * {@link #close} once, after every view is closed.
 */
public interface SegmentStorage {

    Path path();

    /** Writes all of {@code src}'s remaining bytes at {@code position} in the file. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Reads into {@code dst} from {@code position}; returns bytes read, -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Makes every byte written so far durable; also called after {@link #seal}, by the flush thread. */
    void force() throws IOException;

    /**
     * A zero-copy view of {@code size} written bytes at {@code position}, which is log offset
     * {@code logOffset}; {@code release} must run exactly once when the view is closed.
     */
    ReadView view(long logOffset, long position, int size, Runnable release) throws IOException;

    /**
     * The segment stops taking writes; it holds {@code dataSize} bytes. A mapped storage may drop its
     * writable mapping here (its views are all closed) and map read-only on demand.
     */
    void seal(long dataSize) throws IOException;

    /** Releases the file; the file is trimmed to {@code dataSize} bytes so no preallocated tail stays. */
    void close(long dataSize) throws IOException;
}
