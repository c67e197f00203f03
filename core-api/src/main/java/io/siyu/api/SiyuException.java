package io.siyu.api;

/** Base of the exceptions Siyu services throw on purpose; anything else is a bug. */
public abstract class SiyuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected SiyuException(String message) {
        super(message);
    }

    protected SiyuException(String message, Throwable cause) {
        super(message, cause);
    }
}
