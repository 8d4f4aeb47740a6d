package io.metaq.filter;

import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import java.lang.management.ManagementFactory;

/**
 * Rough per-record cost of the built-in filters (not a test, not JMH: run by hand with the test class
 * path, e.g. {@code java -cp ... io.metaq.filter.FilterCost}). Prints ns and bytes allocated per record.
 */
public final class FilterCost {
    private FilterCost() {
    }

    public static void main(String[] args) {
        long c0 = System.nanoTime();
        new ExpressionFilterProvider().create(Filters.config("expr", "size > 1"));
        long c1 = System.nanoTime();
        new ExpressionFilterProvider().create(Filters.config("expr", "size > 512 && props[\"region\"] == \"eu\""));
        long c2 = System.nanoTime();
        System.out.printf("first expression compile (CEL start-up) %.0f ms, next compile %.2f ms%n", (c1 - c0) / 1e6,
                (c2 - c1) / 1e6);
        run("attribute exact", new AttributeFilterProvider(), "value", "vip,region=eu,tier=gold");
        run("attribute prefix", new AttributeFilterProvider(), "match", "prefix", "value", "vip,");
        run("attribute regex", new AttributeFilterProvider(), "match", "regex", "value", "vip,region=(eu|uk).*");
        run("attribute in", new AttributeFilterProvider(), "match", "in", "values", "a,b,c,d");
        run("tags anyOf+where", new TagsFilterProvider(), "anyOf", "vip,gold", "where", "region=eu");
        run("expression size", new ExpressionFilterProvider(), "expr", "size > 512");
        run("expression issue example", new ExpressionFilterProvider(), "expr",
                "size > 512 && props[\"region\"] == \"eu\" && \"vip\" in tags");
        run("expression attribute", new ExpressionFilterProvider(), "expr", "attribute.startsWith(\"vip\")");
        run("expression exists", new ExpressionFilterProvider(), "expr", "tags.exists(t, t.startsWith(\"g\"))");
    }

    private static void run(String label, FilterProvider provider, String... params) {
        MessageFilter f = provider.create(Filters.config(params));
        TestMessage[] msgs = new TestMessage[64];
        for (int i = 0; i < msgs.length; i++) {
            msgs[i] = new TestMessage(1000 + i, i % 2 == 0 ? "vip,region=eu,tier=gold" : "gold, region=us, x=1", 
                    400 + i * 8);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int warm = 0; warm < 3_000_000; warm++) {
            sink += f.accept(TestMessage.CONTEXT, msgs[warm & 63]) ? 1 : 0;
        }
        int n = 5_000_000;
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += f.accept(TestMessage.CONTEXT, msgs[i & 63]) ? 1 : 0;
        }
        long t1 = System.nanoTime();
        long a1 = mx.getCurrentThreadAllocatedBytes();
        System.out.printf("%-28s %7.1f ns/record %6.0f B/record (accepted %d)%n", label, (t1 - t0) / (double) n,
                (a1 - a0) / (double) n, sink);
    }
}
