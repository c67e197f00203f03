package io.siyu.shell.internal;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxDepth;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "outbox", description = "Shows the outbox: depth per channel, or the messages in given states")
@Service
public class OutboxCommand implements Action {
    @Reference
    Outbox outbox;

    @Option(name = "-c", aliases = "--channel", description = "Only this channel (type/account or type)")
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Option(name = "-s", aliases = "--state", description = "List messages in these states, e.g. failed,queued",
            multiValued = true)
    @Completion(value = StringsCompleter.class, values = {"queued", "sending", "sent", "delivered", "confirmed",
            "failed", "cancelled"})
    List<String> states;

    @Option(name = "-n", aliases = "--limit", description = "How many messages to list")
    int limit = 50;

    @Override
    public Object execute() {
        if (states == null || states.isEmpty()) {
            printDepth();
            return null;
        }
        Set<DeliveryState> wanted = EnumSet.noneOf(DeliveryState.class);
        for (String s : states) {
            for (String part : s.split(",")) {
                wanted.add(DeliveryState.valueOf(part.strip().toUpperCase(Locale.ROOT)));
            }
        }
        Page<OutboxEntry> page = outbox.list(new OutboxQuery(channel, wanted),
                new PageRequest(0, Math.max(1, Math.min(limit, PageRequest.MAX_LIMIT))));
        ShellTable table = new ShellTable();
        for (String c : List.of("Key", "Channel", "Kind", "State", "Recipients", "Attempts", "Next attempt", "Error")) {
            table.column(c);
        }
        for (OutboxEntry e : page.items()) {
            String recipients = e.recipientStates().isEmpty() ? String.valueOf(e.recipientCount())
                    : e.recipientStates().entrySet().stream().map(x -> x.getValue() + " " + x.getKey().name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "));
            table.addRow().addContent(e.idempotencyKey(), e.channelKey(), e.kind().name().toLowerCase(Locale.ROOT),
                    e.state().name().toLowerCase(Locale.ROOT), recipients, e.attempts(),
                    e.nextAttemptAt() == null ? "" : e.nextAttemptAt(),
                    e.errorCode() == null ? "" : e.errorCode() + " " + e.errorMessage());
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total()
                + (page.total() > page.items().size() ? " (use -n for more)" : ""));
        return null;
    }

    private void printDepth() {
        ShellTable table = new ShellTable();
        for (String c : List.of("Channel", "Adapter", "Queued", "Sending", "Failed", "Oldest queued")) {
            table.column(c);
        }
        for (OutboxDepth d : outbox.depth()) {
            if (channel != null && !d.channelKey().equals(channel) && !d.channelType().equals(channel)) {
                continue;
            }
            table.addRow().addContent(d.channelKey(), d.adapterPresent() ? "running" : "absent (messages wait)",
                    d.queued(), d.sending(), d.failed(), d.queued() == 0 ? "" : d.oldestQueuedAgeSeconds() + " s ago");
        }
        table.print(System.out);
        System.out.println("List messages with --state failed (or queued, sent…); retry with siyu:outbox-retry <key>,"
                + " cancel with siyu:outbox-cancel <key>.");
    }
}
