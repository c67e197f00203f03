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
 */
public record SimRequest(String method, String base, String path, Map<String, List<String>> query, byte[] body) {
    public SimRequest {
        method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        base = base == null ? "" : base;
        path = path == null || path.isEmpty() ? "/" : path;
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
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
