package io.siyu.api;

/** The change lost a race or collides with existing data (a stale version, a duplicate identity). */
public class ConflictException extends SiyuException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
