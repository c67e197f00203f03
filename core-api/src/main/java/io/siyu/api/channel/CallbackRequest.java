package io.siyu.api.channel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A provider callback as received: the HTTP method, URL-decoded query parameters, headers (names
 * lower-cased, since HTTP names are case-insensitive) and the body bytes exactly as sent, because
 * signatures are computed over them.
 *
 * @param path what follows {@code /siyu/callback/<type>/<account>} in the URL: empty, or starting
 *        with {@code /} (since 1.2; see {@link InboundCallback#acceptsPath})
 */
public record CallbackRequest(String method, Map<String, List<String>> query, Map<String, List<String>> headers,
        byte[] body, String path) {
    /** Callbacks are small; anything larger is refused before it is read further. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    public CallbackRequest {
        method = Strings.requireText(method, "method").toUpperCase(Locale.ROOT);
        query = copy(query, false);
        headers = copy(headers, true);
        body = body == null ? new byte[0] : body.clone();
        if (body.length > MAX_BODY_BYTES) {
            throw new CallbackRejected(CallbackRejected.Reason.TOO_LARGE, body.length + " bytes");
        }
        path = path == null ? "" : path;
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("path is empty or starts with /");
        }
    }

    /** A callback to the account's own URL, as before 1.2. */
    public CallbackRequest(String method, Map<String, List<String>> query, Map<String, List<String>> headers,
            byte[] body) {
        this(method, query, headers, body, "");
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of a header, whatever the case of {@code name}, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallbackRequest r && method.equals(r.method) && query.equals(r.query)
                && headers.equals(r.headers) && Arrays.equals(body, r.body) && path.equals(r.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, query, headers, Arrays.hashCode(body), path);
    }

    @Override
    public String toString() {
        // the body may hold personal data; its size is enough for logs
        return "CallbackRequest[" + method + (path.isEmpty() ? "" : " " + path) + " query=" + query.keySet() + " body=" + body.length + " bytes]";
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> in, boolean lowerCaseKeys) {
        if (in == null) {
            return Map.of();
        }
        Map<String, List<String>> merged = new LinkedHashMap<>();
        in.forEach((k, v) -> merged.computeIfAbsent(lowerCaseKeys ? k.toLowerCase(Locale.ROOT) : k,
                x -> new ArrayList<>()).addAll(v));
        Map<String, List<String>> out = new LinkedHashMap<>();
        merged.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }
}
