package io.siyu.channel.kit;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Configuration values that may be written {@code ${env:NAME}}. */
public final class Secrets {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private Secrets() {
    }

    /** {@link #resolve(String, String, UnaryOperator)} against the process environment. */
    public static String resolve(String value, String name) {
        return resolve(value, name, System::getenv);
    }

    /**
     * Karaf fills in {@code ${env:NAME}} when it reads the file; a value that still has that form
     * came another way (config:property-set, a test) and is filled in here. A missing variable is
     * named in the error, its would-be value never.
     *
     * @param name the setting's name, for the error
     */
    public static String resolve(String value, String name, UnaryOperator<String> env) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV.matcher(value.strip());
        if (!m.matches()) {
            return value;
        }
        String found = env.apply(m.group(1));
        if (found == null || found.isBlank()) {
            throw new IllegalArgumentException(name + ": environment variable " + m.group(1) + " is not set");
        }
        return found;
    }
}
