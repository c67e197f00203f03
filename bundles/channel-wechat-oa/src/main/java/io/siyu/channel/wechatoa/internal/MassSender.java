package io.siyu.channel.wechatoa.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.channel.kit.ApiResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Mass messages (群发). The Official Account sends them to all followers or to a tag, never to a
 * list, so:
 * <ul>
 * <li>with option {@value #OPTION_TAG_ID}, the message goes to that tag as it is at the platform;
 * its recipients only say who Siyu meant;</li>
 * <li>without it, a temporary tag is made ({@code tags/create}, name {@code siyu-<minute>-<digest>}),
 * the recipients' openids are put on it 50 per {@code tags/members/batchtagging} call (the
 * documented maximum), and {@code message/mass/sendall} goes to that tag. The tag is deleted when
 * the platform reports the job finished (MASSSENDJOBFINISH); temporary tags older than a day are
 * deleted when the account runs into its 100-tag limit (those of a restarted node, say).</li>
 * </ul>
 * Every send carries {@code clientmsgid} (the message's key, or the chunk's without a tag option),
 * so the platform refuses a repeat within 24 hours with 45065 instead of sending it twice. The
 * per-follower quota is the platform's: followers over it are filtered out, and the job's counts
 * say so.
 */
final class MassSender {
    static final String OPTION_TAG_ID = "wechat-oa.tagId";
    static final String TEMP_TAG_PREFIX = "siyu-";
    /** Documented maximum of openids per batchtagging call. */
    static final int TAGGING_BATCH = 50;
    /** A temporary tag this old belongs to no running job any more. */
    static final Duration TEMP_TAG_MAX_AGE = Duration.ofDays(1);
    static final ZoneId PLATFORM_ZONE = ZoneId.of("Asia/Shanghai");
    private static final Logger LOG = Logger.getLogger(MassSender.class.getName());

    private final OaSettings settings;
    private final OaApi api;
    private final Clock clock;
    /** msg_id → the temporary tag it went to, deleted when the job finishes. */
    private final Map<String, Long> temporaryTags = new ConcurrentHashMap<>();

    MassSender(OaSettings settings, OaApi api, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.clock = clock;
    }

    SendResult send(OutboundMessage message) {
        if (!(message.content() instanceof MessageContent.Text text) || !text.attachments().isEmpty()) {
            return new SendResult.PermanentFailure("siyu.content",
                    "an Official Account mass message is sent as text only (media upload is not supported yet)");
        }
        if (text.text().isBlank()) {
            return new SendResult.PermanentFailure("siyu.content", "empty text");
        }
        String tagOption = message.options().get(OPTION_TAG_ID);
        if (tagOption != null && !tagOption.isBlank()) {
            long tagId;
            try {
                tagId = Long.parseLong(tagOption.strip());
            } catch (NumberFormatException e) {
                return new SendResult.PermanentFailure("siyu.option", OPTION_TAG_ID + " is not a tag id");
            }
            // the dispatcher may call once per chunk: all chunks are one send to the tag, the
            // platform refuses the repeats by clientmsgid
            return sendAll(tagId, text.text(), OaMessages.clientMsgId(baseKey(message.idempotencyKey())), List.of())
                    .result();
        }
        List<String> openids = new ArrayList<>();
        List<ChannelIdentity> foreign = new ArrayList<>();
        for (ChannelIdentity r : message.recipients()) {
            if (OaAdapter.isOwnOpenid(r, settings.appId())) {
                if (!openids.contains(r.value())) {
                    openids.add(r.value());
                }
            } else {
                foreign.add(r);
            }
        }
        if (openids.isEmpty()) {
            return new SendResult.PermanentFailure("siyu.recipient",
                    "no recipient is an openid of " + settings.appId());
        }
        Object tag = temporaryTag(message.idempotencyKey());
        if (tag instanceof SendResult failure) {
            return failure;
        }
        long tagId = (Long) tag;
        for (int from = 0; from < openids.size(); from += TAGGING_BATCH) {
            ObjectNode body = api.client().mapper().createObjectNode();
            openids.subList(from, Math.min(from + TAGGING_BATCH, openids.size()))
                    .forEach(body.putArray("openid_list")::add);
            body.put("tagid", tagId);
            OaApi.Outcome tagged = api.post("/tags/members/batchtagging", body);
            if (!tagged.ok()) {
                if (!temporaryTags.containsValue(tagId)) {
                    deleteTag(tagId);
                }
                return api.failure(tagged);
            }
        }
        Sent sent = sendAll(tagId, text.text(), OaMessages.clientMsgId(message.idempotencyKey()), foreign);
        if (sent.jobStarted()) {
            temporaryTags.put(((SendResult.Accepted) sent.result()).providerMessageId(), tagId);
        } else if (!temporaryTags.containsValue(tagId)) {
            // nothing will use it; a tag found by name may be the running job of an earlier attempt, though
            deleteTag(tagId);
        }
        return sent.result();
    }

    /** @param jobStarted whether this call started a job (whose MASSSENDJOBFINISH will follow) */
    private record Sent(SendResult result, boolean jobStarted) {
    }

    private Sent sendAll(long tagId, String text, String clientMsgId, List<ChannelIdentity> rejected) {
        OaApi.Outcome sent = api.post("/message/mass/sendall",
                OaMessages.massText(api.client().mapper(), tagId, text, clientMsgId));
        if (sent.ok()) {
            String msgId = sent.result().body().path("msg_id").asText("");
            return new Sent(new SendResult.Accepted(msgId.isEmpty() ? null : msgId, rejected), !msgId.isEmpty());
        }
        if (sent.result() instanceof ApiResult.ProviderError e) {
            if (e.errcode() == 45065) {
                // sent before under this clientmsgid (a retry, or another chunk of a message to a tag):
                // it went out once, and the report of that job names the message
                return new Sent(new SendResult.Accepted(null, rejected), false);
            }
            if (e.errcode() == 45028) {
                // no mass quota left today (subscription accounts: one send a day)
                return new Sent(new SendResult.TransientFailure("45028", e.errmsg(), untilNextPlatformDay()), false);
            }
        }
        return new Sent(api.failure(sent), false);
    }

    /** The tag's id (a Long), or the failure (a SendResult). */
    private Object temporaryTag(String idempotencyKey) {
        Instant now = clock.instant();
        String name = TEMP_TAG_PREFIX + Long.toString(now.getEpochSecond() / 60, 36) + "-"
                + OaMessages.hex(OaMessages.sha256(idempotencyKey), 5);
        for (int attempt = 0;; attempt++) {
            ObjectNode body = api.client().mapper().createObjectNode();
            body.putObject("tag").put("name", name);
            OaApi.Outcome created = api.post("/tags/create", body);
            if (created.ok()) {
                return created.result().body().path("tag").path("id").asLong();
            }
            if (!(created.result() instanceof ApiResult.ProviderError e)) {
                return api.failure(created);
            }
            if (e.errcode() == 45157) {
                // made by an earlier attempt at this message within the same minute: use it
                Long existing = findTag(name);
                if (existing != null) {
                    return existing;
                }
            }
            if (e.errcode() == 45056 && attempt == 0) {
                deleteStaleTemporaryTags(now);
                continue;
            }
            if (e.errcode() == 45056) {
                return new SendResult.TransientFailure("45056",
                        "the account has 100 tags, the platform's limit; a temporary tag for this mass message "
                                + "fits once a running one finishes",
                        Duration.ofMinutes(10));
            }
            return api.failure(created);
        }
    }

    private Long findTag(String name) {
        OaApi.Outcome tags = api.get("/tags/get", Map.of());
        if (!tags.ok()) {
            return null;
        }
        for (JsonNode t : tags.result().body().path("tags")) {
            if (name.equals(t.path("name").asText())) {
                return t.path("id").asLong();
            }
        }
        return null;
    }

    private void deleteStaleTemporaryTags(Instant now) {
        OaApi.Outcome tags = api.get("/tags/get", Map.of());
        if (!tags.ok()) {
            return;
        }
        long newestStale = now.minus(TEMP_TAG_MAX_AGE).getEpochSecond() / 60;
        for (JsonNode t : tags.result().body().path("tags")) {
            String name = t.path("name").asText("");
            long id = t.path("id").asLong();
            if (!name.startsWith(TEMP_TAG_PREFIX) || temporaryTags.containsValue(id)) {
                continue;
            }
            int dash = name.indexOf('-', TEMP_TAG_PREFIX.length());
            try {
                long minute = Long.parseLong(name.substring(TEMP_TAG_PREFIX.length(), dash), 36);
                if (minute <= newestStale) {
                    deleteTag(id);
                }
            } catch (RuntimeException notOurs) {
                // a tag someone named siyu-… by hand: leave it
            }
        }
    }

    /** The platform reported the job done: its temporary tag is not needed any more. */
    void finished(String msgId) {
        Long tag = msgId == null ? null : temporaryTags.remove(msgId);
        if (tag != null) {
            deleteTag(tag);
        }
    }

    private void deleteTag(long tagId) {
        ObjectNode body = api.client().mapper().createObjectNode();
        body.putObject("tag").put("id", tagId);
        OaApi.Outcome deleted = api.post("/tags/delete", body);
        if (!deleted.ok()) {
            LOG.info("WeChat OA " + settings.account() + ": temporary tag " + tagId + " not deleted ("
                    + OaApi.describe(deleted.result()) + "); it is deleted when the tags run out");
        }
    }

    /** How long until midnight in China, when the daily mass quota starts again. */
    private Duration untilNextPlatformDay() {
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, PLATFORM_ZONE).plusDays(1).atStartOfDay(PLATFORM_ZONE).toInstant();
        return Duration.between(now, midnight);
    }

    /** A chunk's key is the message's key with {@code #<chunk>}; the message's own key names the whole send. */
    static String baseKey(String idempotencyKey) {
        int hash = idempotencyKey.lastIndexOf('#');
        return hash > 0 ? idempotencyKey.substring(0, hash) : idempotencyKey;
    }

    /** Temporary tags of jobs not reported finished yet, for tests. */
    int pendingTemporaryTags() {
        return temporaryTags.size();
    }
}
