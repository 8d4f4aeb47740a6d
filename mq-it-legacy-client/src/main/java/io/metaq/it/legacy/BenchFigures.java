package io.metaq.it.legacy;

import java.util.Arrays;
import java.util.Locale;

/**
 * The benchmark commands' result lines: {@code name=value}, one per line, on the driver's stdout. Rates use
 * the payload bytes and MiB ({@code 2^20} bytes), as Kafka's perf tools do; percentiles are nearest-rank over
 * every recorded sample.
 */
final class BenchFigures {

    private BenchFigures() {
    }

    /** Merges per-thread sample arrays ({@code counts[i]} valid entries of {@code samples[i]}) and sorts them. */
    static long[] merge(long[][] samples, int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int pos = 0;
        for (int i = 0; i < samples.length; i++) {
            System.arraycopy(samples[i], 0, all, pos, counts[i]);
            pos += counts[i];
        }
        Arrays.sort(all);
        return all;
    }

    /** Nearest-rank percentile of sorted nanosecond samples, in milliseconds; NaN when there are none. */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        int idx = Math.min(sortedNanos.length - 1, Math.max(0, rank - 1));
        return sortedNanos[idx] / 1e6;
    }

    static void print(String name, long value) {
        Out.raw(name + "=" + value);
    }

    static void print(String name, double value) {
        Out.raw(name + "=" + (Double.isNaN(value) ? "nan" : String.format(Locale.ROOT, "%.3f", value)));
    }

    /** CPU nanoseconds this JVM (the driver and the original client, all threads) has used so far; -1 if unknown. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    /** {@code client_cpu_s}: CPU seconds the driver JVM used since {@code startCpuNanos}. */
    static void printClientCpu(long startCpuNanos) {
        long now = processCpuNanos();
        print("client_cpu_s", now < 0 || startCpuNanos < 0 ? Double.NaN : (now - startCpuNanos) / 1e9);
    }

    static void printRates(long messages, long payloadBytes, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        print("msgs_per_s", seconds > 0 ? messages / seconds : Double.NaN);
        print("mb_per_s", seconds > 0 ? payloadBytes / (1024.0 * 1024.0) / seconds : Double.NaN);
    }
}
