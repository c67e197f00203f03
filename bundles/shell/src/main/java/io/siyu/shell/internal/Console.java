package io.siyu.shell.internal;

/** Formatting shared by the commands, in the style of Karaf's own "name: value" listings. */
final class Console {
    private Console() {
    }

    static String field(String name, Object value) {
        return String.format("%-10s: %s", name, value);
    }
}
