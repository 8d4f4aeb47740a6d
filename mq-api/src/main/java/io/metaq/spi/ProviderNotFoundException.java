package io.metaq.spi;

import io.metaq.api.MqException;
import java.util.Collection;
import java.util.Map;

/** No provider of the requested kind has the requested name. The message lists what exists. */
public class ProviderNotFoundException extends MqException {
    private static final long serialVersionUID = 1L;

    public ProviderNotFoundException(String kind, String name, Collection<String> available,
            Map<String, String> failed) {
        super("no " + kind + " provider '" + name + "'; available: " + available
                + (failed.isEmpty() ? "" : "; failed to load: " + failed));
    }
}
