package io.metaq.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns: text left-aligned, numbers right-aligned, two spaces between columns, no trailing
 * blanks. A column is numeric when its header ends with {@code '>'} (removed when printed).
 */
final class Table {
    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = new String[headers.length];
        this.right = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].endsWith(">");
            this.headers[i] = right[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i];
        }
    }

    Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.length + " columns");
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size();
    }

    void print(PrintWriter out, boolean withHeader) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = withHeader ? headers[i].length() : 0;
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        if (withHeader) {
            line(out, headers, width);
        }
        for (String[] r : rows) {
            line(out, r, width);
        }
        out.flush();
    }

    private void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append("  ");
            }
            String c = cells[i];
            int pad = width[i] - c.length();
            if (right[i]) {
                b.append(" ".repeat(pad)).append(c);
            } else {
                b.append(c);
                if (i < cells.length - 1) {
                    b.append(" ".repeat(pad));
                }
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
