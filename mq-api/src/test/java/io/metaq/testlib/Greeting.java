package io.metaq.testlib;

/**
 * A "library" class on the host (test) class path. Plugin tests bundle a different class of the same
 * name into a plugin jar (returning {@code "plugin"}) to show that each side sees its own copy.
 */
public final class Greeting {
    public String text() {
        return "host";
    }
}
