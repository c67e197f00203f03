package io.siyu.channel.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How a simulator reaches the callback URL. Over HTTP in the sandbox; tests of an adapter may
 * hand the request straight to the adapter's callback handler instead.
 */
@FunctionalInterface
public interface CallbackTransport {

    /** The answer to one callback POST; status 0 when no answer came (connection refused, timeout). */
    record Reply(int status, String body) {
    }

    /**
     * @param query the signed query parameters, not yet URL-encoded, in the order the platform sends them
     * @param body the XML body exactly as signed
     */
    Reply post(String url, Map<String, String> query, byte[] body);

    /**
     * {@link #post(String, Map, byte[])} with a content type other than XML (the SMS providers push
     * JSON). Transports that do not care about it (tests delivering straight to an adapter) need not
     * implement it.
     */
    default Reply post(String url, Map<String, String> query, byte[] body, String contentType) {
        return post(url, query, body);
    }

    /**
     * POSTs with the JDK client. The platform gives up on a callback after 5 seconds; so does this.
     */
    static CallbackTransport http() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new CallbackTransport() {
            @Override
            public Reply post(String url, Map<String, String> query, byte[] body) {
                return post(url, query, body, "text/xml; charset=utf-8");
            }

            @Override
            public Reply post(String url, Map<String, String> query, byte[] body, String contentType) {
                return send(client, url, query, body, contentType);
            }
        };
    }

    private static Reply send(HttpClient client, String url, Map<String, String> query, byte[] body,
            String contentType) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String target = q.length() == 0 ? url : url + (url.contains("?") ? "&" : "?") + q;
        HttpRequest request = HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Reply(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "interrupted");
        }
    }
}
