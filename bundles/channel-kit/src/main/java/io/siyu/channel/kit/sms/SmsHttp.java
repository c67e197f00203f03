package io.siyu.channel.kit.sms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP POST to an SMS provider, never throwing for what the network does. SMS providers answer
 * errors with JSON bodies under various HTTP statuses (Aliyun: 400/404 with a {@code Code}), so the
 * body is returned whatever the status. Thread-safe.
 */
public final class SmsHttp {
    /** Provider answers are small; a larger one is a wrong endpoint. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    /**
     * @param status 0 when no answer came ({@code failure} says why)
     */
    public record Reply(int status, byte[] body, String failure) {
        public boolean answered() {
            return status != 0;
        }
    }

    private final HttpClient http;
    private final Duration readTimeout;

    public SmsHttp(Duration connectTimeout, Duration readTimeout) {
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Reply post(URI uri, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(readTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(b.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> r = pending.get(readTimeout.toMillis() + 50, TimeUnit.MILLISECONDS);
            byte[] out = r.body();
            if (out.length > MAX_RESPONSE_BYTES) {
                return new Reply(0, new byte[0], "response of " + out.length + " bytes");
            }
            return new Reply(r.statusCode(), out, null);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Reply(0, new byte[0], "timeout: no answer within " + readTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Reply(0, new byte[0], "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return new Reply(0, new byte[0], "timeout: no answer within " + readTimeout.toMillis() + " ms");
            }
            String kind = cause instanceof IOException ? "io" : cause.getClass().getSimpleName();
            return new Reply(0, new byte[0], kind + ": " + cause.getMessage());
        }
    }
}
