package io.siyu.api;

/** Which page to fetch. Limits are capped at {@link #MAX_LIMIT} so no caller can ask for everything at once. */
public record PageRequest(int offset, int limit) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 1000;

    public PageRequest {
        if (offset < 0) {
            throw new ValidationException(FieldError.of("offset", "must be 0 or more"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException(FieldError.of("limit", "must be between 1 and " + MAX_LIMIT));
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit);
    }
}
