package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.channel.kit.ApiResult;
import java.util.Map;

/** API calls made on an operator's behalf: the answer's body, or a {@link ChannelCallException}. */
final class WeComCalls {
    private final WeComApi api;
    private final String channel;

    WeComCalls(WeComApi api, String channel) {
        this.api = api;
        this.channel = channel;
    }

    WeComApi api() {
        return api;
    }

    String channel() {
        return channel;
    }

    JsonNode post(String path, Object body) {
        ApiResult result = api.post(path, body);
        if (result instanceof ApiResult.Ok ok) {
            return ok.body();
        }
        throw failure(result);
    }

    JsonNode get(String path, Map<String, String> query) {
        ApiResult result = api.get(path, query);
        if (result instanceof ApiResult.Ok ok) {
            return ok.body();
        }
        throw failure(result);
    }

    ChannelCallException failure(ApiResult result) {
        if (result instanceof ApiResult.ProviderError e) {
            return new ChannelCallException(channel, Integer.toString(e.errcode()), e.errmsg(),
                    api.errors().isTransient(e.errcode()));
        }
        if (result instanceof ApiResult.HttpFailure h) {
            return new ChannelCallException(channel, null, "HTTP " + h.status(), true);
        }
        ApiResult.TransportFailure t = (ApiResult.TransportFailure) result;
        return new ChannelCallException(channel, null, t.kind() + " " + t.message(), true);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
