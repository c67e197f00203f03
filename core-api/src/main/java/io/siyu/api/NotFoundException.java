package io.siyu.api;

/** The thing asked for does not exist (or is outside the caller's data scope, which looks the same). */
public class NotFoundException extends SiyuException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " not found");
    }
}
