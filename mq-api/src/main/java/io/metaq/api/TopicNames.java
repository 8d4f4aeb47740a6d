package io.metaq.api;

import java.util.regex.Pattern;

/**
 * Topic name rules. A topic name becomes a directory name and a ZooKeeper path segment and travels
 * as a space-separated protocol token, so it is limited to {@code [A-Za-z0-9._-]}, at most 249
 * characters, and may not be {@code .} or {@code ..}.
 */
public final class TopicNames {
    public static final int MAX_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._\\-]+");

    private TopicNames() {
    }

    /** @return null when the name is valid, otherwise why it is not */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "topic name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "topic name longer than " + MAX_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "topic name may not be '.' or '..'";
        }
        if (!LEGAL.matcher(name).matches()) {
            return "topic name '" + name + "' has characters outside [A-Za-z0-9._-]";
        }
        return null;
    }

    /** @throws IllegalArgumentException naming the problem when the name is invalid */
    public static String validate(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }
}
