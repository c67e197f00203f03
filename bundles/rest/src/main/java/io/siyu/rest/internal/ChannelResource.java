package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.NotFoundException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.OutboxDepth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** The channels that have an adapter running on this node, with health and outbox depth. */
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
public final class ChannelResource {
    private final ServiceAccess services;

    ChannelResource(ServiceAccess services) {
        this.services = services;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChannelJson(String channel, String type, String account, String displayName, List<String> capabilities,
            Map<String, Object> limits, String status, Long tokenAgeSeconds, String lastError, String lastErrorAt,
            String rateLimitedUntil, Long queued, Long sending, Long failed, Long oldestQueuedAgeSeconds) {
    }

    @GET
    public List<ChannelJson> list() {
        Map<String, OutboxDepth> depth = depths();
        return services.channels().channels().stream()
                .map(d -> json(d, services.channels().adapter(d.type(), d.account()).orElse(null), depth.get(d.key())))
                .toList();
    }

    @GET
    @Path("{type}/{account}")
    public ChannelJson get(@PathParam("type") String type, @PathParam("account") String account) {
        ChannelAdapter adapter = services.channels().adapter(type, account)
                .orElseThrow(() -> new NotFoundException("channel", type + "/" + account));
        return json(adapter.descriptor(), adapter, depths().get(adapter.descriptor().key()));
    }

    private Map<String, OutboxDepth> depths() {
        return services.outboxOrNull() == null ? Map.of()
                : services.outboxOrNull().depth().stream().collect(Collectors.toMap(OutboxDepth::channelKey,
                        Function.identity()));
    }

    private static ChannelJson json(ChannelDescriptor d, ChannelAdapter adapter, OutboxDepth depth) {
        ChannelHealth h = adapter == null ? null : adapter.health();
        return new ChannelJson(d.key(), d.type(), d.account(), d.displayName(),
                d.capabilities().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                Map.of("maxRecipientsPerCall", d.limits().maxRecipientsPerCall(), "receiveQuota",
                        d.limits().receiveQuota(), "receiveQuotaWindow", d.limits().receiveQuotaWindow().toString(),
                        "callsPerMinute", d.limits().callsPerMinute()),
                h == null ? "unknown" : h.status().name().toLowerCase(Locale.ROOT),
                h == null || h.tokenAge() == null ? null : h.tokenAge().toSeconds(),
                h == null ? null : h.lastError(),
                h == null || h.lastErrorAt() == null ? null : h.lastErrorAt().toString(),
                h == null || h.rateLimitedUntil() == null ? null : h.rateLimitedUntil().toString(),
                depth == null ? null : depth.queued(), depth == null ? null : depth.sending(),
                depth == null ? null : depth.failed(), depth == null ? null : depth.oldestQueuedAgeSeconds());
    }
}
