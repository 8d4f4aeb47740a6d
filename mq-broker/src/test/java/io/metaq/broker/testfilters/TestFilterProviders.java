package io.metaq.broker.testfilters;

import io.metaq.api.ConfigException;
import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import io.metaq.spi.filter.MessageView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Filter providers for the broker's tests, listed in src/test/resources/META-INF/services. */
public final class TestFilterProviders {
    /** Filters made and closed so far, across providers (reload tests). */
    public static final AtomicInteger CREATED = new AtomicInteger();
    public static final AtomicInteger CLOSED = new AtomicInteger();

    private TestFilterProviders() {
    }

    static String text(MessageView m) {
        ByteBuffer d = m.data();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private abstract static class Counted implements MessageFilter {
        Counted() {
            CREATED.incrementAndGet();
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** {@code test-prefix}: accepts records whose data starts with {@code prefix} (required). */
    public static final class Prefix implements FilterProvider {
        @Override
        public String name() {
            return "test-prefix";
        }

        @Override
        public MessageFilter create(FilterConfig config) {
            String prefix = config.parameters().get("prefix");
            if (prefix == null) {
                throw new ConfigException("prefix", "is required");
            }
            return new Counted() {
                @Override
                public boolean accept(io.metaq.spi.filter.FilterContext context, MessageView message) {
                    return text(message).startsWith(prefix);
                }
            };
        }
    }

    /** {@code test-attribute}: accepts records whose attribute equals {@code value}. */
    public static final class Attribute implements FilterProvider {
        @Override
        public String name() {
            return "test-attribute";
        }

        @Override
        public MessageFilter create(FilterConfig config) {
            String value = config.parameters().get("value");
            if (value == null) {
                throw new ConfigException("value", "is required");
            }
            return new Counted() {
                @Override
                public boolean accept(io.metaq.spi.filter.FilterContext context, MessageView message) {
                    return value.equals(message.attribute());
                }
            };
        }
    }

    /**
     * {@code test-throwing}: throws on records whose data starts with "boom", accepts the others;
     * with {@code sleepMs}, sleeps that long on records starting with "slow".
     */
    public static final class Throwing implements FilterProvider {
        @Override
        public String name() {
            return "test-throwing";
        }

        @Override
        public MessageFilter create(FilterConfig config) {
            long sleep = Long.parseLong(config.parameters().getOrDefault("sleepMs", "0"));
            return new Counted() {
                @Override
                public boolean accept(io.metaq.spi.filter.FilterContext context, MessageView message) {
                    String t = text(message);
                    if (t.startsWith("boom")) {
                        throw new IllegalStateException("boom at " + message.offset());
                    }
                    if (t.startsWith("slow") && sleep > 0) {
                        try {
                            Thread.sleep(sleep);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return true;
                }
            };
        }
    }
}
