package io.siyu.shell.internal;

/** Formatting shared by the commands, in the style of Karaf's own "name: value" listings. */
final class Console {
    private Console() {
    }

    /** A tag kind as typed on the console; null when not given. */
    static io.siyu.api.customer.TagKind tagKind(String kind) {
        if (kind == null) {
            return null;
        }
        try {
            return io.siyu.api.customer.TagKind.valueOf(kind.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be enterprise, personal or auto, not '" + kind + "'");
        }
    }

    static String field(String name, Object value) {
        return String.format("%-10s: %s", name, value);
    }
}
