package io.metaq.client.internal;

import io.metaq.client.Partition;
import java.util.Optional;

/** Where a group's consumed offsets are kept. Implementations are thread-safe. */
interface OffsetStore extends AutoCloseable {
    /** A committed position: the id of the last message consumed (-1 when unknown) and the next offset. */
    record Committed(long lastMessageId, long offset) {
        /** The 1.4.6.2 text form {@code <lastMsgId>-<offset>} (PROTOCOL.md §5.3). */
        String format() {
            return lastMessageId + "-" + offset;
        }

        /** Parses {@code <lastMsgId>-<offset>} (split at the last dash) or a bare {@code <offset>}. */
        static Committed parse(String text) {
            String s = text.trim();
            int dash = s.lastIndexOf('-');
            try {
                if (dash <= 0) {
                    return new Committed(-1, Long.parseLong(s));
                }
                return new Committed(Long.parseLong(s.substring(0, dash)), Long.parseLong(s.substring(dash + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an offset ('<lastMsgId>-<offset>' or '<offset>'): '" + text + "'", e);
            }
        }
    }

    Optional<Committed> load(String topic, Partition partition);

    void commit(String topic, Partition partition, Committed committed);

    @Override
    void close();
}
