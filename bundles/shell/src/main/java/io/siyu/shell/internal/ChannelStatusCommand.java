package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxDepth;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-status", description = "Shows one channel's health, token age, last error, rate limit and outbox depth")
@Service
public class ChannelStatusCommand implements Action {
    @Reference
    ChannelRegistry channels;

    @Reference(optional = true)
    Outbox outbox;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Override
    public Object execute() {
        String[] parts = channel.split("/", 2);
        Optional<ChannelAdapter> adapter = parts.length == 2 ? channels.adapter(parts[0], parts[1]) : Optional.empty();
        Optional<OutboxDepth> depth = outbox == null ? Optional.empty()
                : outbox.depth().stream().filter(d -> d.channelKey().equals(channel)).findFirst();
        if (adapter.isEmpty()) {
            System.out.println(channel + ": no adapter running (messages for it wait in the outbox)");
            depth.ifPresent(ChannelStatusCommand::printDepth);
            return null;
        }
        ChannelDescriptor d = adapter.get().descriptor();
        ChannelHealth h = adapter.get().health();
        System.out.println(Console.field("Channel", d.key() + " (" + d.displayName() + ")"));
        System.out.println(Console.field("Health", h.status()));
        System.out.println(Console.field("Token age", h.tokenAge() == null ? "no token yet" : h.tokenAge().toSeconds() + " s"));
        System.out.println(Console.field("Last error", h.lastError() == null ? "none" : h.lastError() + " at " + h.lastErrorAt()));
        System.out.println(Console.field("Rate limit", h.rateLimitedAt(Instant.now()) ? "blocked until " + h.rateLimitedUntil() : "not limited"));
        System.out.println(Console.field("Limits", d.limits().maxRecipientsPerCall() + " recipients per call, "
                + (d.limits().receiveQuota() == 0 ? "no receive quota" : d.limits().receiveQuota() + " per customer per "
                        + d.limits().receiveQuotaWindow()) + ", " + d.limits().callsPerMinute() + " calls per minute"));
        System.out.println(Console.field("Capabilities", d.capabilities().stream().map(ChannelCapability::name).sorted()
                .collect(Collectors.joining(", "))));
        depth.ifPresentOrElse(ChannelStatusCommand::printDepth,
                () -> System.out.println(Console.field("Outbox", "empty")));
        return null;
    }

    private static void printDepth(OutboxDepth d) {
        System.out.println(Console.field("Outbox", d.queued() + " queued, " + d.sending() + " sending, " + d.failed()
                + " failed" + (d.queued() > 0 ? ", oldest queued " + d.oldestQueuedAgeSeconds() + " s ago" : "")));
    }
}
