package io.siyu.channel.kit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The outcome of one provider API call, as {@link WxApiClient} saw it. {@link ProviderErrors} turns
 * the failures into a {@link io.siyu.api.channel.SendResult}.
 */
public sealed interface ApiResult {

    /** HTTP 2xx with a JSON body whose {@code errcode} is 0 or absent. */
    record Ok(JsonNode body) implements ApiResult {
        public Ok {
            Objects.requireNonNull(body, "body");
        }

        @Override
        public String toString() {
            return "Ok"; // the body may hold tokens or customer ids
        }
    }

    /** HTTP 2xx with a non-zero {@code errcode}: the provider understood and refused. */
    record ProviderError(int errcode, String errmsg) implements ApiResult {
        public ProviderError {
            errmsg = errmsg == null ? "" : WxApiClient.mask(errmsg);
        }
    }

    /** A non-2xx HTTP status (WeChat APIs answer 200 even for errors, so this is a gateway or proxy). */
    record HttpFailure(int status) implements ApiResult {
    }

    /** No usable answer: a timeout, a connection failure, or a body that is not JSON. */
    record TransportFailure(Kind kind, String message) implements ApiResult {
        public enum Kind {
            TIMEOUT,
            IO,
            BAD_RESPONSE
        }

        public TransportFailure {
            Objects.requireNonNull(kind, "kind");
            message = message == null ? "" : WxApiClient.mask(message);
        }
    }

    default boolean ok() {
        return this instanceof Ok;
    }

    /** The body of an {@link Ok}; null for any failure. */
    default JsonNode body() {
        return this instanceof Ok ok ? ok.body() : null;
    }
}
