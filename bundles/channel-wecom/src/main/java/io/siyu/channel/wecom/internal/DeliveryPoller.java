package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.channel.kit.ApiResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fetches what became of this account's mass, direct and group messages: WeCom sends them only
 * when the staff member confirms in the client, and tells nobody. Each round asks the outbox for
 * the account's SENT messages and, per message, {@code get_groupmsg_task} whether the staff
 * members have sent it, then {@code get_groupmsg_send_result} for each one who has:
 * status 1 → CONFIRMED, 2 → FAILED (not a friend), 3 → FAILED ({@code quota}: the customer already
 * received a mass message). The message itself is CONFIRMED once every staff member has sent it.
 * Welcome messages are out when {@code send_welcome_msg} succeeds, so they are reported DELIVERED.
 *
 * <p>Runs on the component's scheduler; {@link #pollOnce()} is one round, for tests. Without an
 * outbox or a delivery report service a round does nothing.
 */
final class DeliveryPoller {
    /** Outbox entries looked at per round; the rest wait for the next. */
    static final int MAX_PER_ROUND = 500;
    /** WeCom keeps mass messages a while, but a message unconfirmed for this long is not polled any more. */
    static final Duration GIVE_UP_AFTER = Duration.ofDays(30);
    private static final Logger LOG = Logger.getLogger(DeliveryPoller.class.getName());

    private final WeComSettings settings;
    private final WeComApi api;
    private final PlatformServices services;
    private final String channel;
    private final Clock clock;
    /** msgid + staff userid whose results have been reported, so a round does not report them again. */
    private final Set<String> reportedTasks = Collections.newSetFromMap(new ConcurrentHashMap<>());

    DeliveryPoller(WeComSettings settings, WeComApi api, PlatformServices services, String channel, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.services = services;
        this.channel = channel;
        this.clock = clock;
    }

    /** One round; never throws. @return how many delivery statuses were reported */
    int pollOnce() {
        Outbox outbox = services.outbox();
        DeliveryReports reports = services.deliveryReports();
        if (outbox == null || reports == null) {
            return 0;
        }
        int[] reported = {0};
        Consumer<DeliveryStatus> report = s -> {
            reports.report(s);
            reported[0]++;
        };
        try {
            for (OutboxEntry entry : sentEntries(outbox)) {
                if (api.rateLimitedUntil() != null) {
                    break; // blocked: the next round goes on
                }
                poll(entry, report);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "WeCom " + settings.account() + ": polling delivery results failed", e);
        }
        return reported[0];
    }

    private List<OutboxEntry> sentEntries(Outbox outbox) {
        List<OutboxEntry> entries = new ArrayList<>();
        OutboxQuery query = new OutboxQuery(channel, Set.of(DeliveryState.SENT));
        int offset = 0;
        while (entries.size() < MAX_PER_ROUND) {
            Page<OutboxEntry> page = outbox.list(query, new PageRequest(offset, 100));
            entries.addAll(page.items());
            if (!page.hasMore() || page.items().isEmpty()) {
                break;
            }
            offset += page.items().size();
        }
        return entries;
    }

    private void poll(OutboxEntry entry, Consumer<DeliveryStatus> report) {
        Instant now = clock.instant();
        if (entry.kind() == MessageKind.WELCOME) {
            report.accept(new DeliveryStatus(channel, entry.idempotencyKey(), entry.providerMessageId(), null,
                    DeliveryState.DELIVERED, null, null, now));
            return;
        }
        String msgid = entry.providerMessageId();
        if (msgid == null || entry.createdAt().isBefore(now.minus(GIVE_UP_AFTER))) {
            return;
        }
        List<JsonNode> tasks = new ArrayList<>();
        if (!pages("/externalcontact/get_groupmsg_task", msgid, null, "task_list", tasks::add)) {
            return;
        }
        if (tasks.isEmpty()) {
            return;
        }
        boolean allSent = true;
        Instant lastSendTime = null;
        for (JsonNode task : tasks) {
            if (task.path("status").asInt() != 2) {
                allSent = false;
                continue;
            }
            Instant sentAt = epoch(task.path("send_time"), now);
            lastSendTime = lastSendTime == null || sentAt.isAfter(lastSendTime) ? sentAt : lastSendTime;
            String userid = task.path("userid").asText();
            String key = msgid + "\n" + userid;
            if (entry.kind() == MessageKind.GROUP || reportedTasks.contains(key)) {
                continue; // group chats are not customer identities: only the message's state is reported
            }
            List<DeliveryStatus> statuses = new ArrayList<>();
            boolean complete = pages("/externalcontact/get_groupmsg_send_result", msgid, userid, "send_list", r -> {
                DeliveryStatus s = recipientStatus(entry, msgid, r, now);
                if (s != null) {
                    statuses.add(s);
                }
            });
            if (!complete) {
                allSent = false;
                continue;
            }
            statuses.forEach(report);
            reportedTasks.add(key);
        }
        if (allSent) {
            report.accept(new DeliveryStatus(channel, entry.idempotencyKey(), msgid, null, DeliveryState.CONFIRMED, null,
                    null, lastSendTime == null ? now : lastSendTime));
            tasks.forEach(t -> reportedTasks.remove(msgid + "\n" + t.path("userid").asText()));
        }
    }

    private DeliveryStatus recipientStatus(OutboxEntry entry, String msgid, JsonNode r, Instant now) {
        ChannelIdentity recipient = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, settings.corpId(),
                r.path("external_userid").asText());
        Instant at = epoch(r.path("send_time"), now);
        switch (r.path("status").asInt()) {
            case 1:
                return new DeliveryStatus(channel, entry.idempotencyKey(), msgid, recipient, DeliveryState.CONFIRMED,
                        null, null, at);
            case 2:
                return new DeliveryStatus(channel, entry.idempotencyKey(), msgid, recipient, DeliveryState.FAILED,
                        "not-friend", "not a friend of the sending staff member", at);
            case 3:
                return new DeliveryStatus(channel, entry.idempotencyKey(), msgid, recipient, DeliveryState.FAILED,
                        "quota", "customer already received a mass message", at);
            default:
                return null; // 0: not sent yet
        }
    }

    /** Reads every page of a cursor-paged call; false when a call failed (the next round tries again). */
    private boolean pages(String path, String msgid, String userid, String listField, Consumer<JsonNode> each) {
        String cursor = "";
        do {
            ObjectNode body = api.mapper().createObjectNode();
            body.put("msgid", msgid);
            if (userid != null) {
                body.put("userid", userid);
            }
            body.put("limit", 1000);
            body.put("cursor", cursor);
            ApiResult result = api.post(path, body);
            if (!(result instanceof ApiResult.Ok ok)) {
                LOG.log(Level.FINE, "WeCom {0}: {1} for {2} failed: {3}", new Object[] {settings.account(), path, msgid, result});
                return false;
            }
            ok.body().path(listField).forEach(each);
            cursor = ok.body().path("next_cursor").asText("");
        } while (!cursor.isEmpty());
        return true;
    }

    private static Instant epoch(JsonNode seconds, Instant fallback) {
        return seconds.canConvertToLong() && seconds.asLong() > 0 ? Instant.ofEpochSecond(seconds.asLong()) : fallback;
    }

    /** For tests: how many staff tasks are remembered as reported. */
    int rememberedTasks() {
        return reportedTasks.size();
    }
}
