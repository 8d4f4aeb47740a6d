package io.metaq.spi.transport;

/** {@code quit}: no response; the broker closes the connection. */
public record QuitRequest() implements Request {
    @Override
    public int opaque() {
        return -1;
    }

    @Override
    public String command() {
        return "quit";
    }
}
