package io.siyu.channel.kit;

/** Checks shared by the adapters' settings records. */
public final class SettingValues {
    private SettingValues() {
    }

    /** The value stripped; an error naming the setting when it is missing or blank. */
    public static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    /** The value stripped and without trailing slashes, or {@code dflt} when it is blank. */
    public static String baseUrl(String value, String dflt) {
        String url = value == null || value.isBlank() ? dflt : value.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }
}
