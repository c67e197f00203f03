package io.siyu.channel.wecom.internal;

import io.siyu.api.UnavailableException;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.channel.sandbox.CallbackTransport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The REST layer's part for the simulator's callbacks: the raw request to the adapter, exceptions to statuses. */
final class DirectCallbacks {
    private DirectCallbacks() {
    }

    /** @param adapter read per callback, so a test may replace its adapter */
    static CallbackTransport to(Supplier<ChannelAdapter> adapter) {
        return (url, query, body) -> {
            Map<String, List<String>> q = query.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
            try {
                CallbackResponse r = adapter.get().inboundCallback().orElseThrow()
                        .handle(new CallbackRequest("POST", q, Map.of(), body));
                return new CallbackTransport.Reply(r.status(), new String(r.body(), StandardCharsets.UTF_8));
            } catch (CallbackRejected e) {
                return new CallbackTransport.Reply(e.status(), e.reason().name());
            } catch (UnavailableException e) {
                return new CallbackTransport.Reply(503, e.getMessage());
            }
        };
    }
}
