package io.siyu.api;

/** A part the request needs is not running right now (no store, the channel adapter is being swapped). */
public class UnavailableException extends SiyuException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
