package io.siyu.api.channel;

/** Argument checks shared by this package's records. */
final class Strings {
    private Strings() {
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
