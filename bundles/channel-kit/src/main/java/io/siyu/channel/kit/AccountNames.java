package io.siyu.channel.kit;

import java.util.Map;

/**
 * Which account a factory configuration of an adapter describes, from the configuration's
 * properties. Adapters register their account name as a service property, so the name has to come
 * from the configuration itself (DS component properties cannot compute it).
 */
public final class AccountNames {
    static final String ACCOUNT = "account";
    static final String FILE_NAME = "felix.fileinstall.filename";
    static final String PID = "service.pid";

    private AccountNames() {
    }

    /**
     * The {@code account} property; else what follows {@code filePrefix} in the name of the file the
     * configuration came from (without its extension); else the configuration's name (what follows
     * {@code ~} in a named factory configuration's PID, else the PID) without {@code namePrefix}.
     *
     * @param filePrefix e.g. {@code io.siyu.channel.wecom-}
     * @param namePrefix the part of a configuration name that is not the account, or empty
     */
    public static String of(Map<String, ?> properties, String filePrefix, String namePrefix) {
        Object explicit = properties.get(ACCOUNT);
        if (explicit != null && !explicit.toString().isBlank()) {
            return explicit.toString().strip();
        }
        String file = fileName(properties);
        if (file != null) {
            int dot = file.lastIndexOf('.');
            String name = dot > 0 ? file.substring(0, dot) : file;
            if (name.startsWith(filePrefix) && name.length() > filePrefix.length()) {
                return name.substring(filePrefix.length());
            }
        }
        Object pid = properties.get(PID);
        if (pid != null) {
            String p = pid.toString();
            int tilde = p.indexOf('~');
            String name = tilde >= 0 && tilde < p.length() - 1 ? p.substring(tilde + 1) : p;
            return name.startsWith(namePrefix) && name.length() > namePrefix.length()
                    ? name.substring(namePrefix.length()) : name;
        }
        throw new IllegalArgumentException("the configuration names no account");
    }

    /**
     * Whether a configuration of a factory PID that other channels share is this adapter's: it names
     * its {@code account}, comes from a file starting with {@code filePrefix}, or (not from a file) is a
     * configuration named {@code namePrefix…}.
     */
    public static boolean claims(Map<String, ?> properties, String filePrefix, String namePrefix) {
        Object explicit = properties.get(ACCOUNT);
        if (explicit != null && !explicit.toString().isBlank()) {
            return true;
        }
        String file = fileName(properties);
        if (file != null) {
            return file.startsWith(filePrefix);
        }
        Object pid = properties.get(PID);
        return pid != null && pid.toString().contains("~" + namePrefix);
    }

    /**
     * {@link #claims} without the explicit {@code account} shortcut, for factory PIDs that several
     * adapters share (the SMS providers share {@code io.siyu.channel.sms}): only the file name or the
     * configuration's name says whose a configuration is, whatever {@code account} it names.
     */
    public static boolean named(Map<String, ?> properties, String filePrefix, String namePrefix) {
        String file = fileName(properties);
        if (file != null) {
            return file.startsWith(filePrefix);
        }
        Object pid = properties.get(PID);
        return pid != null && pid.toString().contains("~" + namePrefix);
    }

    /** The configuration file's name without its directory, or null when it came from no file. */
    private static String fileName(Map<String, ?> properties) {
        Object file = properties.get(FILE_NAME);
        if (file == null) {
            return null;
        }
        String name = file.toString().replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
