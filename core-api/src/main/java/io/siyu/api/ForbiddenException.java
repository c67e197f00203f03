package io.siyu.api;

/**
 * The caller may not do this: a permission their roles do not grant, or a customer, unit or staff
 * member outside their data scope. The message says which, so the operator knows whom to ask.
 *
 * @since 1.1
 */
public class ForbiddenException extends SiyuException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message);
    }
}
