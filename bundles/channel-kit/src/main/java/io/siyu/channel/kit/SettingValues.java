package io.siyu.channel.kit;

import java.net.URI;

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

    /**
     * {@link #baseUrl} of an http(s) URL without a query (the endpoint of a provider's API); an error
     * naming the setting otherwise.
     */
    public static String httpBaseUrl(String value, String dflt, String name) {
        String url = baseUrl(value, dflt);
        URI uri = URI.create(url);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getRawQuery() != null) {
            throw new IllegalArgumentException(name + " must be an http(s) URL without a query: " + url);
        }
        return url;
    }

    /** The value stripped, or null when it is missing or blank (an optional setting). */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
