package io.siyu.core.internal.sop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs an SOP step's JSON to a webhook with an {@code Idempotency-Key} header, so a receiver can
 * drop the repeat that follows a crash between the call and its record.
 */
final class Webhooks {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** What the receiver said: its status, or -1 when nothing came back (timeout, refused connection). */
    record Answer(int status, String problem) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Worth another try: no answer, a timeout, rate limiting or a server error. */
        boolean transientFailure() {
            return status < 0 || status == 408 || status == 429 || status >= 500;
        }

        String describe() {
            return status < 0 ? problem : "HTTP " + status;
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    Webhooks(Duration connectTimeout, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    Answer post(URI url, String idempotencyKey, String json) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(IDEMPOTENCY_KEY, idempotencyKey)
                .header("User-Agent", "Siyu-SOP")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return new Answer(response.statusCode(), null);
        } catch (IOException e) {
            return new Answer(-1, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }
}
