package io.metaq.filter;

import io.metaq.api.MqException;

/**
 * A built-in filter could not decide on one record (an expression error, a regular expression that
 * gave up). The broker catches it, logs and counts it, and applies its accept-or-reject policy.
 */
public class FilterEvaluationException extends MqException {
    private static final long serialVersionUID = 1L;

    public FilterEvaluationException(String message) {
        super(message);
    }

    public FilterEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
