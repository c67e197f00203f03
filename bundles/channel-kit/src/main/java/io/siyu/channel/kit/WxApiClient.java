package io.siyu.channel.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.channel.kit.ApiResult.TransportFailure.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * JSON over HTTPS to the WeChat-style APIs ({@value #WECOM}, {@value #OFFICIAL_ACCOUNT}). The base
 * URL is configuration, so tests and the provider sandbox point it at a local server.
 *
 * <p>Never throws for what the network or the provider does: every outcome is an {@link ApiResult}.
 * Access tokens and secrets travel in query strings, so every message that could carry a URL goes
 * through {@link #mask(String)} first. Thread-safe.
 */
public final class WxApiClient {
    public static final String WECOM = "https://qyapi.weixin.qq.com/cgi-bin";
    public static final String OFFICIAL_ACCOUNT = "https://api.weixin.qq.com/cgi-bin";
    /** Provider answers are small JSON; a larger one is a wrong endpoint, not something to buffer. */
    static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "((?:access_token|corpsecret|secret|suite_secret|provider_secret)=)[^&\\s\"']*", Pattern.CASE_INSENSITIVE);

    private final URI baseUrl;
    private final Duration readTimeout;
    private final HttpClient http;
    private final ObjectMapper mapper;

    public WxApiClient(String baseUrl, Duration connectTimeout, Duration readTimeout) {
        this(baseUrl, connectTimeout, readTimeout, new ObjectMapper());
    }

    /**
     * @param baseUrl e.g. {@value #WECOM}; paths are appended to it
     * @param connectTimeout for opening the connection
     * @param readTimeout for the whole exchange once sent, response body included
     */
    public WxApiClient(String baseUrl, Duration connectTimeout, Duration readTimeout, ObjectMapper mapper) {
        this.baseUrl = baseUrl(baseUrl);
        this.readTimeout = positive(readTimeout, "readTimeout");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.http = HttpClient.newBuilder()
                .connectTimeout(positive(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static URI baseUrl(String url) {
        Objects.requireNonNull(url, "baseUrl");
        URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + mask(url));
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("baseUrl must not have a query");
        }
        return uri;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    public String baseUrl() {
        return baseUrl.toString();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@code GET base + path ? query}. */
    public ApiResult get(String path, Map<String, String> query) {
        return exchange(HttpRequest.newBuilder(uri(path, query)).GET());
    }

    /**
     * {@code POST base + path ? query} with {@code body} as JSON (a {@link JsonNode}, a map or any
     * object Jackson can write). Non-ASCII text is sent as UTF-8, not escaped, as WeChat expects.
     */
    public ApiResult post(String path, Map<String, String> query, Object body) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not writable as JSON: " + e.getOriginalMessage());
        }
        return exchange(HttpRequest.newBuilder(uri(path, query))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    URI uri(String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(baseUrl.toString());
        if (!path.startsWith("/")) {
            url.append('/');
        }
        url.append(path);
        char sep = path.indexOf('?') < 0 ? '?' : '&';
        if (query != null) {
            for (Map.Entry<String, String> e : query.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                url.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return URI.create(url.toString());
    }

    private ApiResult exchange(HttpRequest.Builder request) {
        request.timeout(readTimeout).header("Accept", "application/json");
        CompletableFuture<HttpResponse<byte[]>> pending =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            // request.timeout covers the wait for headers only; this also bounds the body
            response = pending.get(readTimeout.toMillis() + 50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new ApiResult.TransportFailure(Kind.TIMEOUT, "no answer within " + readTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new ApiResult.TransportFailure(Kind.IO, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return new ApiResult.TransportFailure(Kind.TIMEOUT, "no answer within " + readTimeout.toMillis() + " ms");
            }
            return new ApiResult.TransportFailure(Kind.IO, describe(cause));
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            return new ApiResult.HttpFailure(status);
        }
        byte[] body = response.body();
        if (body.length > MAX_RESPONSE_BYTES) {
            return new ApiResult.TransportFailure(Kind.BAD_RESPONSE, "response of " + body.length + " bytes");
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException e) {
            return new ApiResult.TransportFailure(Kind.BAD_RESPONSE, "response is not JSON");
        }
        if (json == null || !json.isObject()) {
            return new ApiResult.TransportFailure(Kind.BAD_RESPONSE, "response is not a JSON object");
        }
        JsonNode errcode = json.get("errcode");
        if (errcode != null && !errcode.isNull() && !errcode.canConvertToInt()
                && !(errcode.isTextual() && errcode.asText().matches("-?[0-9]{1,9}"))) {
            return new ApiResult.TransportFailure(Kind.BAD_RESPONSE, "errcode is not a number");
        }
        int code = errcode == null || errcode.isNull() ? 0 : errcode.asInt();
        if (code == 0) {
            return new ApiResult.Ok(json);
        }
        return new ApiResult.ProviderError(code, json.path("errmsg").asText(""));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * Replaces the values of {@code access_token}, {@code secret}, {@code corpsecret} (and the
     * third-party {@code suite_secret} / {@code provider_secret}) query parameters with {@code ***},
     * for anything that is logged or shown.
     */
    public static String mask(String text) {
        return text == null ? null : SECRET_PARAM.matcher(text).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "WxApiClient[" + baseUrl + "]";
    }
}
