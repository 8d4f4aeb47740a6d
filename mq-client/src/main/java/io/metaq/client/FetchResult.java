package io.metaq.client;

import java.util.List;

/**
 * The answer to a pull.
 *
 * @param messages   the complete messages read, in offset order (possibly none)
 * @param nextOffset where the next pull should start
 */
public record FetchResult(List<ReceivedMessage> messages, long nextOffset) {
    public FetchResult {
        messages = List.copyOf(messages);
    }
}
