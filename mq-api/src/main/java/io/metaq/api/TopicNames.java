package io.metaq.api;


/**
 * Topic name rules. A topic name becomes a directory name and a ZooKeeper path segment and travels
 * as a space-separated protocol token, so it is limited to {@code [A-Za-z0-9._-]}, at most 249
 * characters, and may not be {@code .} or {@code ..}.
 */
public final class TopicNames {
    public static final int MAX_LENGTH = 249;

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
        if (!legalCharacters(name)) {
            return "topic name '" + name + "' has characters outside [A-Za-z0-9._-]";
        }
        return null;
    }

    /** A plain loop, not a regular expression: every message a producer makes checks its topic. */
    private static boolean legalCharacters(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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
