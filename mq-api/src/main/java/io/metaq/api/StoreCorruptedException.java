package io.metaq.api;

import java.nio.file.Path;

/** Data on disk is damaged in a way recovery cannot repair without losing acknowledged records. */
public class StoreCorruptedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreCorruptedException(Path path, String detail) {
        super(path + ": " + detail);
    }

    public StoreCorruptedException(Path path, String detail, Throwable cause) {
        super(path + ": " + detail, cause);
    }
}
