package io.metaq.api;

/** The store or partition was closed before or during the operation. */
public class StoreClosedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreClosedException(String what) {
        super(what + " is closed");
    }
}
