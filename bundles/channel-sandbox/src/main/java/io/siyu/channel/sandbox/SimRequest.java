package io.siyu.channel.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request to a simulator, independent of the front end that received it.
 *
 * @param base the URL the simulator is mounted at, e.g. {@code http://localhost:8181/siyu/sandbox/wecom},
 *        so answers can name URLs of the simulator itself
 * @param path the path below {@code base}, starting with {@code /}
 * @param query URL-decoded query parameters
 * @param headers the first value of each header, names lower-cased
 */
public record SimRequest(String method, String base, String path, Map<String, List<String>> query, byte[] body,
        Map<String, String> headers) {
    public SimRequest {
        method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        base = base == null ? "" : base;
        path = path == null || path.isEmpty() ? "/" : path;
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
        Map<String, String> lower = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(java.util.Locale.ROOT), v));
        }
        headers = Map.copyOf(lower);
    }

    /** A request without headers (the WeChat-style simulators read none). */
    public SimRequest(String method, String base, String path, Map<String, List<String>> query, byte[] body) {
        this(method, base, path, query, body, Map.of());
    }

    /** A header's first value, whatever the case of {@code name}, or null. Signed SMS APIs read them. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses a raw (still encoded) query string; null or empty gives an empty map. */
    public static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
