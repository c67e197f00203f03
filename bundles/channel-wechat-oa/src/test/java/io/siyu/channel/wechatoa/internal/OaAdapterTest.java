package io.siyu.channel.wechatoa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.UnavailableException;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.testing.FakeCore;
import io.siyu.channel.sandbox.CallbackTransport;
import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.oa.OaSandboxConfig;
import io.siyu.channel.sandbox.oa.OaSandboxServlet;
import io.siyu.channel.sandbox.oa.OaSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against the Official Account simulator over real HTTP (the sandbox's JDK server),
 * with the simulator's callbacks handed to the adapter's callback handler the way the REST layer
 * does: {@link CallbackRejected} becomes its status, {@link UnavailableException} a 503.
 */
class OaAdapterTest {
    /** 10:00 on 2 March 2026 in Shanghai. */
    static final Instant START = Instant.parse("2026-03-02T02:00:00Z");
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(START);
    private final FakeCore platform = new FakeCore();
    private final List<CallbackRejected> rejections = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxServer server;
    private OaSimulator sim;
    private volatile OaAdapter adapter;
    private OaSettings settings;

    private OaAdapter start(OaSandboxConfig simConfig) {
        return start(simConfig, simConfig.encodingAesKey(), simConfig.appId(), simConfig.appSecret(), false);
    }

    /** The simulator as configured; the adapter with the given key, AppID and secret and the simulator's token. */
    private OaAdapter start(OaSandboxConfig simConfig, String key, String appId, String secret, boolean subscription) {
        sim = new OaSimulator(simConfig.withJobFinishDelayMillis(-1), clock);
        sim.callbackTransport(this::deliver);
        server = SandboxServer.start(0, Map.of(OaSandboxServlet.MOUNT, sim));
        settings = new OaSettings("test", appId, secret, simConfig.token(), key, server.base(OaSandboxServlet.MOUNT),
                300, subscription, 4);
        adapter = new OaAdapter(settings, new OaApi(settings, clock), platform, clock);
        return adapter;
    }

    private CallbackTransport.Reply deliver(String url, Map<String, String> query, byte[] body) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        CallbackRequest request = new CallbackRequest("POST", q, Map.of("Content-Type", List.of("text/xml")), body);
        lastRequest = request;
        try {
            CallbackResponse r = adapter.inboundCallback().orElseThrow().handle(request);
            return new CallbackTransport.Reply(r.status(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (CallbackRejected e) {
            synchronized (rejections) {
                rejections.add(e);
            }
            return new CallbackTransport.Reply(e.status(), e.reason().name());
        } catch (UnavailableException e) {
            return new CallbackTransport.Reply(503, e.getMessage());
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode control(String action, String json) {
        return send(HttpRequest.newBuilder(URI.create(server.base(OaSandboxServlet.MOUNT) + "/control/" + action))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonNode state() {
        return send(HttpRequest.newBuilder(URI.create(server.base(OaSandboxServlet.MOUNT) + "/control/state")).GET()
                .build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Follows the account through the sandbox; the subscribe callback reaches the adapter. */
    private int follow(String openid, String unionid, String scene) {
        StringBuilder json = new StringBuilder("{\"openid\":\"").append(openid).append('"');
        if (unionid != null) {
            json.append(",\"unionid\":\"").append(unionid).append('"');
        }
        if (scene != null) {
            json.append(",\"scene\":\"").append(scene).append('"');
        }
        return control("subscribe", json.append('}').toString()).path("callback").path("status").asInt();
    }

    private ChannelIdentity openid(String value) {
        return ChannelIdentity.scoped(IdentityType.OA_OPENID, settings.appId(), value);
    }

    private OutboundMessage template(String key, ChannelIdentity to) {
        return new OutboundMessage(key, "wechat-oa", "test", MessageKind.TEMPLATE, List.of(to), List.of(),
                new MessageContent.Template("TPL-1", Map.of("first", "您好", "amount", "39.8"), "https://shop.test/o/1",
                        null),
                null, null, Map.of());
    }

    private OutboundMessage mass(String key, List<ChannelIdentity> to, Map<String, String> options) {
        return new OutboundMessage(key, "wechat-oa", "test", MessageKind.MASS, to, List.of(),
                MessageContent.Text.of("春季上新"), null, null, options);
    }

    private static int calls(JsonNode state, String api) {
        return state.path("calls").path(api).asInt();
    }

    // ------------------------------------------------------------------ template messages

    @Test
    void aTemplateMessageToAFollowerIsAcceptedWithTheMsgid() {
        start(OaSandboxConfig.defaults());
        follow("oFollower1", null, null);
        SendResult result = adapter.send(template("order-1", openid("oFollower1")));
        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, result);
        assertNotNull(accepted.providerMessageId());
        JsonNode delivery = state().path("deliveries").get(0);
        assertEquals("template", delivery.path("kind").asText());
        assertEquals("oFollower1", delivery.path("openid").asText());
        assertEquals(accepted.providerMessageId(), delivery.path("msgid").asText());
        assertEquals("order-1", delivery.path("clientMsgId").asText(), "the key guards against a repeat");
        assertEquals(ChannelHealth.Status.UP, adapter.health().status());
        assertNotNull(adapter.health().tokenAge());
    }

    @Test
    void aTemplateMessageToSomeoneWhoIsNoFollowerFailsForGoodWithTheProvidersCode() {
        start(OaSandboxConfig.defaults());
        SendResult.PermanentFailure unknown = assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(template("order-2", openid("oNever"))));
        assertEquals("40003", unknown.providerCode());
        follow("oLeaving", null, null);
        control("unsubscribe", "{\"openid\":\"oLeaving\"}");
        SendResult.PermanentFailure gone = assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(template("order-3", openid("oLeaving"))));
        assertEquals("43004", gone.providerCode());

        SendResult.PermanentFailure foreign = assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(template("order-4", ChannelIdentity.scoped(IdentityType.OA_OPENID, "wxother", "oX"))));
        assertEquals("siyu.recipient", foreign.providerCode());
        assertEquals(2, calls(state(), "message/template/send"), "no call for another app's openid");
    }

    @Test
    void anExpiredTokenIsRefreshedTransparently() {
        start(OaSandboxConfig.defaults());
        follow("oFollower1", null, null);
        assertInstanceOf(SendResult.Accepted.class, adapter.send(template("t-1", openid("oFollower1"))));
        sim.advance(Duration.ofSeconds(7201)); // the platform's clock: the adapter still trusts its token
        assertInstanceOf(SendResult.Accepted.class, adapter.send(template("t-2", openid("oFollower1"))));
        JsonNode state = state();
        assertEquals(2, calls(state, "token"), "fetched again after 42001");
        assertEquals(3, calls(state, "message/template/send"), "the refused call was repeated once");
        assertEquals(2, state.path("received").path("oFollower1").path("template").asInt());
    }

    @Test
    void theFrequencyLimitIsTransientWithTheBlockWindow() {
        start(OaSandboxConfig.defaults());
        follow("oFollower1", null, null);
        sim.failNext("message/template/send", 45009, 1);
        SendResult.TransientFailure limited = assertInstanceOf(SendResult.TransientFailure.class,
                adapter.send(template("t-1", openid("oFollower1"))));
        assertEquals("45009", limited.providerCode());
        assertEquals(Duration.ofSeconds(60), limited.retryAfter());
        ChannelHealth health = adapter.health();
        assertEquals(ChannelHealth.Status.DEGRADED, health.status());
        assertEquals(START.plusSeconds(60), health.rateLimitedUntil());
        assertTrue(health.lastError().contains("45009"));
        clock.advance(Duration.ofSeconds(20));
        SendResult.TransientFailure stillBlocked = assertInstanceOf(SendResult.TransientFailure.class,
                adapter.send(template("t-2", openid("oFollower1"))));
        assertEquals(Duration.ofSeconds(40), stillBlocked.retryAfter(), "the rest of the block");
        assertEquals(1, calls(state(), "message/template/send"), "no call while blocked");
        clock.advance(Duration.ofSeconds(40));
        assertInstanceOf(SendResult.Accepted.class, adapter.send(template("t-3", openid("oFollower1"))));
        clock.advance(Duration.ofMinutes(6));
        assertEquals(ChannelHealth.Status.UP, adapter.health().status(), "the block and the error are over");
    }

    @Test
    void aWrongSecretKeepsMessagesQueuedAndTheAccountDown() {
        String wrong = "ffffffffffffffffffffffffffffffff";
        start(OaSandboxConfig.defaults(), null, OaSandboxConfig.DEFAULT_APP_ID, wrong, false);
        SendResult.TransientFailure noToken = assertInstanceOf(SendResult.TransientFailure.class,
                adapter.send(template("t-1", openid("oFollower1"))));
        assertEquals("40001", noToken.providerCode());
        assertTrue(noToken.message().startsWith("no access token"));
        ChannelHealth health = adapter.health();
        assertEquals(ChannelHealth.Status.DOWN, health.status());
        assertNull(health.tokenAge());
        assertFalse(health.lastError().contains(wrong), "no secret in the health report");
        assertFalse(health.toString().contains(wrong));
    }

    // ------------------------------------------------------------------ mass messages

    @Test
    void aMassMessageGoesToATemporaryTagFilledFiftyAtATime() {
        start(OaSandboxConfig.defaults());
        List<ChannelIdentity> recipients = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String o = String.format("oMass%023d", i);
            assertEquals(200, follow(o, null, null));
            recipients.add(openid(o));
        }
        ChannelIdentity foreign = ChannelIdentity.of(IdentityType.PHONE, "+8613800138000");
        recipients.add(foreign);

        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class,
                adapter.send(mass("spring-1", recipients, Map.of())));
        assertNotNull(accepted.providerMessageId());
        assertEquals(List.of(foreign), accepted.rejectedRecipients());
        JsonNode state = state();
        assertEquals(1, calls(state, "tags/create"));
        assertEquals(3, calls(state, "tags/members/batchtagging"), "120 openids, 50 per call");
        assertEquals(1, calls(state, "message/mass/sendall"));
        JsonNode tag = state.path("tags").get(0);
        assertTrue(tag.path("name").asText().startsWith(MassSender.TEMP_TAG_PREFIX));
        assertEquals(120, tag.path("count").asInt());
        assertEquals(tag.path("id").asLong(), state.path("mass").get(0).path("tagId").asLong());
        assertEquals(120, state.path("received").size());

        control("finish-jobs", "{}");
        DeliveryStatus report = platform.reports.all().get(0);
        assertEquals("wechat-oa/test", report.channel());
        assertEquals(accepted.providerMessageId(), report.providerMessageId());
        assertNull(report.recipient());
        assertEquals(DeliveryState.DELIVERED, report.state());
        assertEquals("TotalCount=120 FilterCount=120 SentCount=120 ErrorCount=0", report.errorMessage());
        assertEquals(0, state().path("tags").size(), "the temporary tag is gone once the job is done");
        assertEquals(0, adapter.mass().pendingTemporaryTags());
    }

    @Test
    void aRepeatedMassSendIsRecognisedByTheClientmsgid() {
        start(OaSandboxConfig.defaults());
        follow("oA", null, null);
        OutboundMessage m = mass("spring-2", List.of(openid("oA")), Map.of());
        SendResult.Accepted first = assertInstanceOf(SendResult.Accepted.class, adapter.send(m));
        SendResult.Accepted again = assertInstanceOf(SendResult.Accepted.class, adapter.send(m));
        assertNotNull(first.providerMessageId());
        assertNull(again.providerMessageId(), "went out before; that job's report names it");
        JsonNode state = state();
        assertEquals(1, state.path("mass").size());
        assertEquals(1, state.path("received").path("oA").path("mass").asInt());
        assertEquals(1, state.path("tags").size(), "within the minute the repeat found the running job's tag");

        clock.advance(Duration.ofMinutes(2)); // a later retry makes its own tag, which nothing uses
        assertNull(assertInstanceOf(SendResult.Accepted.class, adapter.send(m)).providerMessageId());
        assertEquals(2, calls(state(), "tags/create") - 1, "two creations, one of them found the tag taken");
        assertEquals(1, state().path("tags").size(), "the unused tag is deleted at once");
        control("finish-jobs", "{}");
        assertEquals(0, state().path("tags").size());
    }

    @Test
    void aMassMessageWithATagOptionGoesToThatTagOnceForAllChunks() {
        start(OaSandboxConfig.defaults());
        follow("oA", null, null);
        follow("oB", null, null);
        String token = send(HttpRequest.newBuilder(URI.create(server.base(OaSandboxServlet.MOUNT)
                + "/cgi-bin/token?grant_type=client_credential&appid=" + settings.appId() + "&secret="
                + settings.appSecret())).GET().build()).path("access_token").asText();
        long tag = send(HttpRequest.newBuilder(URI.create(server.base(OaSandboxServlet.MOUNT)
                + "/cgi-bin/tags/create?access_token=" + token))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tag\":{\"name\":\"VIP\"}}")).build())
                .path("tag").path("id").asLong();
        send(HttpRequest.newBuilder(URI.create(server.base(OaSandboxServlet.MOUNT)
                + "/cgi-bin/tags/members/batchtagging?access_token=" + token))
                .POST(HttpRequest.BodyPublishers.ofString("{\"openid_list\":[\"oA\",\"oB\"],\"tagid\":" + tag + "}"))
                .build());
        Map<String, String> options = Map.of(MassSender.OPTION_TAG_ID, Long.toString(tag));

        SendResult.Accepted chunk0 = assertInstanceOf(SendResult.Accepted.class,
                adapter.send(mass("vip-1#0", List.of(openid("oA")), options)));
        SendResult.Accepted chunk1 = assertInstanceOf(SendResult.Accepted.class,
                adapter.send(mass("vip-1#1", List.of(openid("oB")), options)));
        assertNotNull(chunk0.providerMessageId());
        assertNull(chunk1.providerMessageId());
        JsonNode state = state();
        assertEquals(1, state.path("mass").size(), "one send to the tag");
        assertEquals(2, state.path("mass").get(0).path("sentCount").asInt());
        assertEquals(1, state.path("tags").size(), "no temporary tag");
        assertEquals(1, calls(state, "tags/members/batchtagging"), "only the test tagged");

        assertEquals("siyu.option", assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(mass("vip-2", List.of(openid("oA")), Map.of(MassSender.OPTION_TAG_ID, "VIP"))))
                .providerCode());
    }

    @Test
    void aSubscriptionAccountsSecondMassSendWaitsForTheNextDay() {
        OaSandboxConfig config = OaSandboxConfig.defaults().withAccountType(OaSandboxConfig.AccountType.SUBSCRIPTION);
        start(config, null, config.appId(), config.appSecret(), true);
        follow("oA", null, null);
        assertInstanceOf(SendResult.Accepted.class, adapter.send(mass("news-1", List.of(openid("oA")), Map.of())));
        SendResult.TransientFailure quota = assertInstanceOf(SendResult.TransientFailure.class,
                adapter.send(mass("news-2", List.of(openid("oA")), Map.of())));
        assertEquals("45028", quota.providerCode());
        assertEquals(Duration.ofHours(14), quota.retryAfter(), "10:00 in Shanghai: 14 hours to midnight");
        assertEquals(1, state().path("tags").size(), "the unused temporary tag is deleted");
        assertEquals(1, adapter.descriptor().limits().receiveQuota());
        assertEquals(Duration.ofDays(1), adapter.descriptor().limits().receiveQuotaWindow());
    }

    @Test
    void massTextOnly() {
        start(OaSandboxConfig.defaults());
        OutboundMessage withImage = new OutboundMessage("img-1", "wechat-oa", "test", MessageKind.MASS,
                List.of(openid("oA")), List.of(), new MessageContent.Text("看图",
                        List.of(new io.siyu.api.channel.Attachment.Image("https://x.test/a.png"))),
                null, null, Map.of());
        assertEquals("siyu.content", assertInstanceOf(SendResult.PermanentFailure.class, adapter.send(withImage))
                .providerCode());
        assertEquals("siyu.recipient", assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(mass("m-1", List.of(ChannelIdentity.of(IdentityType.EMAIL, "a@b.test")), Map.of())))
                .providerCode());
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void aFollowInPlainModeIsAFollowEventWithChannelCodeUnionidAndConsent() {
        start(OaSandboxConfig.defaults());
        assertEquals(200, follow("oFan", "uFan", "spring-fair"));
        List<EventDraft> follows = platform.events.ofType(EventTypes.FOLLOW);
        assertEquals(1, follows.size());
        EventDraft follow = follows.get(0);
        assertEquals(openid("oFan"), follow.identity());
        assertEquals(List.of(ChannelIdentity.of(IdentityType.UNIONID, "uFan")), follow.identities());
        assertEquals("spring-fair", follow.properties().get(EventTypes.CHANNEL_CODE));
        assertEquals("ADD_SCENE_QR_CODE", follow.properties().get("subscribeScene"));
        assertEquals("wechat-oa/test", follow.channel());
        assertEquals(START, follow.occurredAt());
        assertTrue(follow.id().startsWith("wechat-oa:"));

        Consent consent = platform.consents.recorded.get(0);
        assertEquals(platform.customerOf(openid("oFan")), consent.customerId());
        assertEquals("wechat-oa", consent.channelType());
        assertEquals(ConsentState.OPTED_IN, consent.state());
        assertEquals(START, consent.changedAt());
        assertEquals("wechat-oa/test:subscribe", consent.source());
    }

    @Test
    void redeliveredCallbacksAreIngestedWithTheSameEventIdAndRecordedOnce() {
        start(OaSandboxConfig.defaults());
        follow("oFan", null, "door");
        JsonNode again = control("redeliver", "{\"times\":3}");
        for (JsonNode reply : again.path("callbacks")) {
            assertEquals(200, reply.path("status").asInt(), "a retry is answered, not refused");
        }
        List<EventDraft> attempts = platform.events.attempts;
        assertEquals(4, attempts.size());
        assertEquals(1, attempts.stream().map(EventDraft::id).distinct().count());
        assertEquals(1, platform.events.stored.size());
        assertEquals(1, platform.consents.recorded.size(), "the same statement is not recorded again");
        assertTrue(rejections.isEmpty());

        // the platform's retry signed anew (another nonce) lands on the same event as well
        control("redeliver", "{\"reseal\":true}");
        assertEquals(5, attempts.size());
        assertEquals(1, platform.events.stored.size());
    }

    @Test
    void aReplayedNonceWithAnotherBodyIsStillRefused() {
        start(OaSandboxConfig.defaults());
        follow("oFan", null, null);
        CallbackRequest original = lastRequest;
        String forged = new String(original.body(), StandardCharsets.UTF_8).replace("oFan", "oForged");
        CallbackRejected e = org.junit.jupiter.api.Assertions.assertThrows(CallbackRejected.class,
                () -> adapter.inboundCallback().orElseThrow().handle(new CallbackRequest("POST", original.query(),
                        Map.of(), forged.getBytes(StandardCharsets.UTF_8))));
        assertEquals(CallbackRejected.Reason.REPLAYED, e.reason());
        assertEquals(1, platform.events.attempts.size());
    }

    private volatile CallbackRequest lastRequest;

    @Test
    void safeModeFollowAndUnfollow() {
        start(OaSandboxConfig.defaults().withEncodingAesKey(KEY));
        assertEquals(200, follow("oSafe", "uSafe", "mall"));
        assertEquals("mall", platform.events.ofType(EventTypes.FOLLOW).get(0).properties().get(EventTypes.CHANNEL_CODE));
        clock.advance(Duration.ofMinutes(1));
        control("unsubscribe", "{\"openid\":\"oSafe\"}");
        EventDraft unfollow = platform.events.ofType(EventTypes.UNFOLLOW).get(0);
        assertEquals(openid("oSafe"), unfollow.identity());
        Consent out = platform.consents.recorded.get(1);
        assertEquals(ConsentState.OPTED_OUT, out.state());
        assertEquals("wechat-oa/test:unsubscribe", out.source());
        assertEquals(START.plusSeconds(60), out.changedAt());
        // the redelivered unsubscribe records nothing new
        control("redeliver", "{}");
        assertEquals(2, platform.consents.recorded.size());
        assertEquals(2, platform.events.stored.size());
    }

    @Test
    void scansAndMessagesAreEvents() {
        start(OaSandboxConfig.defaults());
        follow("oFan", null, null);
        control("scan", "{\"openid\":\"oFan\",\"scene\":\"counter-3\"}");
        EventDraft scan = platform.events.ofType(OaCallback.QR_SCAN).get(0);
        assertEquals("counter-3", scan.properties().get(EventTypes.CHANNEL_CODE));
        assertNotNull(scan.properties().get("ticket"));

        JsonNode wrote = control("message", "{\"openid\":\"oFan\",\"content\":\"还有货吗\"}");
        EventDraft in = platform.events.ofType(EventTypes.MESSAGE_IN).get(0);
        assertEquals("text", in.properties().get("msgType"));
        assertEquals("还有货吗", in.properties().get("content"));
        assertEquals(wrote.path("msgId").asText(), in.properties().get("msgId"));
        control("message", "{\"openid\":\"oFan\",\"image\":\"https://x.test/p.jpg\"}");
        EventDraft image = platform.events.ofType(EventTypes.MESSAGE_IN).get(1);
        assertEquals("image", image.properties().get("msgType"));
        assertEquals("https://x.test/p.jpg", image.properties().get("picUrl"));
        control("redeliver", "{\"times\":2}");
        assertEquals(2, platform.events.ofType(EventTypes.MESSAGE_IN).size());
    }

    @Test
    void templateJobsFinishAsDeliveryReports() {
        start(OaSandboxConfig.defaults());
        follow("oFan", null, null);
        String msgid = ((SendResult.Accepted) adapter.send(template("t-1", openid("oFan")))).providerMessageId();
        control("finish-jobs", "{}");
        DeliveryStatus delivered = platform.reports.all().get(0);
        assertEquals(msgid, delivered.providerMessageId());
        assertNull(delivered.messageKey());
        assertEquals(openid("oFan"), delivered.recipient());
        assertEquals(DeliveryState.DELIVERED, delivered.state());
        control("redeliver", "{}");
        assertEquals(2, platform.reports.all().size(), "reports may repeat; core keeps the final state");

        control("block", "{\"openid\":\"oFan\"}");
        adapter.send(template("t-2", openid("oFan")));
        control("finish-jobs", "{}");
        DeliveryStatus blocked = platform.reports.all().get(2);
        assertEquals(DeliveryState.FAILED, blocked.state());
        assertEquals("failed:user block", blocked.errorMessage());

        sim.failNextJob("failed: system failed");
        control("block", "{\"openid\":\"oFan\",\"blocked\":false}");
        adapter.send(template("t-3", openid("oFan")));
        control("finish-jobs", "{}");
        assertEquals("failed: system failed", platform.reports.all().get(3).errorMessage());
    }

    @Test
    void callbacksFromElsewhereAreRejectedWithTheirReason() {
        // another token: the signature does not match
        OaSandboxConfig config = OaSandboxConfig.defaults();
        start(new OaSandboxConfig(config.appId(), config.appSecret(), config.originalId(), "othertoken", null,
                config.accountType(), 4, 7200, 10_000, List.of(), config.callbackUrl(), -1, null),
                null, config.appId(), config.appSecret(), false);
        settings = new OaSettings("test", config.appId(), config.appSecret(), config.token(), null,
                server.base(OaSandboxServlet.MOUNT), 300, false, 4);
        adapter = new OaAdapter(settings, new OaApi(settings, clock), platform, clock);
        assertEquals(401, follow("oFan", null, null));
        assertEquals(CallbackRejected.Reason.BAD_SIGNATURE, rejections.get(0).reason());
        assertTrue(platform.events.attempts.isEmpty());
    }

    @Test
    void staleCallbacksAreRejected() {
        start(OaSandboxConfig.defaults());
        sim.advance(Duration.ofMinutes(10)); // the callback says 10:10, the adapter's clock 10:00
        assertEquals(401, follow("oFan", null, null));
        assertEquals(CallbackRejected.Reason.STALE_TIMESTAMP, rejections.get(0).reason());
        assertTrue(platform.events.attempts.isEmpty());
    }

    @Test
    void safeModeCallbacksForAnotherAppIdAreRejected() {
        OaSandboxConfig other = new OaSandboxConfig("wxanotherapp000001", OaSandboxConfig.DEFAULT_APP_SECRET,
                OaSandboxConfig.DEFAULT_ORIGINAL_ID, OaSandboxConfig.DEFAULT_TOKEN, KEY,
                OaSandboxConfig.AccountType.SERVICE, 4, 7200, 10_000, List.of(), OaSandboxConfig.DEFAULT_CALLBACK_URL,
                -1, null);
        start(other, KEY, OaSandboxConfig.DEFAULT_APP_ID, OaSandboxConfig.DEFAULT_APP_SECRET, false);
        assertEquals(403, follow("oFan", null, null));
        assertEquals(CallbackRejected.Reason.WRONG_RECEIVER, rejections.get(0).reason());
        assertTrue(platform.events.attempts.isEmpty());
    }

    @Test
    void genuineCallbacksThatCannotBeRecordedAreRetriedByThePlatform() {
        start(OaSandboxConfig.defaults());
        platform.consentsUp = false;
        assertEquals(503, follow("oFan", "uFan", "door"));
        assertTrue(platform.events.attempts.isEmpty(), "nothing recorded without consent");
        platform.consentsUp = true;
        JsonNode retry = control("redeliver", "{}");
        assertEquals(200, retry.path("callback").path("status").asInt(), "the nonce was released");
        assertEquals(1, platform.events.ofType(EventTypes.FOLLOW).size());
        assertEquals(1, platform.consents.recorded.size());

        platform.reportsUp = false;
        adapter.send(template("t-1", openid("oFan")));
        assertEquals(503, control("finish-jobs", "{}").path("callbacks").get(0).path("status").asInt());
        platform.reportsUp = true;
        assertEquals(200, control("redeliver", "{}").path("callback").path("status").asInt());
        assertEquals(1, platform.reports.all().size());
    }

    @Test
    void urlVerificationAnswersTheEchostr() {
        start(OaSandboxConfig.defaults().withEncodingAesKey(KEY));
        String ts = Long.toString(START.getEpochSecond());
        String plainSig = io.siyu.channel.kit.WxCrypto.plainSignature(OaSandboxConfig.DEFAULT_TOKEN, ts, "111");
        CallbackResponse plain = adapter.inboundCallback().orElseThrow().handle(new CallbackRequest("GET",
                Map.of("signature", List.of(plainSig), "timestamp", List.of(ts), "nonce", List.of("111"),
                        "echostr", List.of("5837397520")), Map.of(), null));
        assertEquals("5837397520", new String(plain.body(), StandardCharsets.UTF_8));

        io.siyu.channel.kit.WxCrypto crypto = new io.siyu.channel.kit.WxCrypto(OaSandboxConfig.DEFAULT_TOKEN, KEY,
                OaSandboxConfig.DEFAULT_APP_ID);
        String echo = crypto.encrypt("2916741243");
        CallbackResponse safe = adapter.inboundCallback().orElseThrow().handle(new CallbackRequest("GET",
                Map.of("msg_signature", List.of(crypto.signature(ts, "222", echo)), "timestamp", List.of(ts),
                        "nonce", List.of("222"), "echostr", List.of(echo)), Map.of(), null));
        assertEquals("2916741243", new String(safe.body(), StandardCharsets.UTF_8));

        CallbackRejected bad = org.junit.jupiter.api.Assertions.assertThrows(CallbackRejected.class,
                () -> adapter.inboundCallback().orElseThrow().handle(new CallbackRequest("GET",
                        Map.of("signature", List.of("0".repeat(40)), "timestamp", List.of(ts), "nonce", List.of("333"),
                                "echostr", List.of("1")), Map.of(), null)));
        assertEquals(CallbackRejected.Reason.BAD_SIGNATURE, bad.reason());
    }

    // ------------------------------------------------------------------ channel codes

    @Test
    void channelCodesAreParameterQrCodesWhoseScansCarryTheState() {
        start(OaSandboxConfig.defaults());
        var codes = adapter.channelCodes().orElseThrow();
        var code = codes.create(new io.siyu.api.channel.ChannelCodes.Request("store-12", "Store 12", List.of(), false));
        assertEquals("store-12", code.state());
        assertTrue(code.qrCodeUrl().startsWith(server.base(OaSandboxServlet.MOUNT) + "/cgi-bin/showqrcode?ticket="));
        assertEquals(code.providerCodeId(),
                codes.create(new io.siyu.api.channel.ChannelCodes.Request("store-12", null, List.of(), false))
                        .providerCodeId(), "a permanent code per state");
        HttpResponse<String> image;
        try {
            image = http.send(HttpRequest.newBuilder(URI.create(code.qrCodeUrl())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(200, image.statusCode());
        codes.delete(code.providerCodeId()); // nothing to delete at the platform; must not throw

        follow("oNewFan", null, "store-12");
        EventDraft follow = platform.events.ofType(EventTypes.FOLLOW).get(0);
        assertEquals("store-12", follow.properties().get(EventTypes.CHANNEL_CODE));
        assertEquals(code.providerCodeId(), follow.properties().get("ticket"));

        OaChannelCodes real = new OaChannelCodes(new OaSettings("x", "wxa", "s", "t", null, null, 0, false, 4), null, "c");
        assertTrue(real.imageUrl("gQ+/=").startsWith("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQ%2B%2F%3D"));
    }
}
