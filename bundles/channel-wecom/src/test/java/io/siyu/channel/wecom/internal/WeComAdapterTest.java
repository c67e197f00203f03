package io.siyu.channel.wecom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelCodes;
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
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.WxCrypto;
import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.wecom.WeComSandboxConfig;
import io.siyu.channel.sandbox.wecom.WeComSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter against the WeCom simulator over real HTTP, on a clock the test moves. */
class WeComAdapterTest {
    private static final Instant START = Instant.parse("2026-03-02T02:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(START);
    private final FakePlatform platform = new FakePlatform();
    private final List<SandboxServer> servers = new ArrayList<>();
    private WeComSimulator sim;
    private SandboxServer server;
    private WeComSandboxConfig sandboxConfig;
    private WeComAdapter adapter;
    private DeliveryPoller poller;
    private int keys;

    private void start(WeComSandboxConfig config) {
        start(config, config.corpSecret());
    }

    private void start(WeComSandboxConfig config, String secret) {
        sandboxConfig = config;
        sim = new WeComSimulator(config, clock);
        server = SandboxServer.start(0, Map.of(SandboxServer.WECOM, sim));
        servers.add(server);
        WeComSettings settings = new WeComSettings("main", config.corpId(), secret, config.agentId(), config.token(),
                config.encodingAesKey(), server.base(SandboxServer.WECOM), 300, config.massQuotaPerDay(), 60);
        WeComApi api = new WeComApi(settings, clock);
        adapter = new WeComAdapter(settings, api, platform, clock);
        poller = new DeliveryPoller(settings, api, platform, adapter.descriptor().key(), clock);
        sim.callbackTransport(DirectCallbacks.to(() -> adapter));
    }

    @AfterEach
    void stop() {
        servers.forEach(SandboxServer::close);
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode control(String method, String path, String json) {
        SimResponse r = sim.handle(new SimRequest(method, server.base(SandboxServer.WECOM), path, Map.of(),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void seed(String userid, String... externalUserIds) {
        control("POST", "/control/contacts", "{\"userid\":\"" + userid + "\",\"external_userids\":"
                + toJson(List.of(externalUserIds)) + "}");
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ChannelIdentity customer(String externalUserId) {
        return ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, sandboxConfig.corpId(), externalUserId);
    }

    private OutboundMessage mass(String sender, MessageContent content, List<ChannelIdentity> recipients) {
        return new OutboundMessage("k" + (++keys), "wecom", "main", MessageKind.MASS, recipients, List.of(), content,
                null, sender, Map.of());
    }

    private OutboundMessage mass(String text, String... externalUserIds) {
        List<ChannelIdentity> recipients = new ArrayList<>();
        for (String id : externalUserIds) {
            recipients.add(customer(id));
        }
        return mass("u1", MessageContent.Text.of(text), recipients);
    }

    private String accepted(SendResult result) {
        SendResult.Accepted a = assertInstanceOf(SendResult.Accepted.class, result, String.valueOf(result));
        return a.providerMessageId();
    }

    // ------------------------------------------------------------------ descriptor and sending

    @Test
    void describesWhatWeComCanDo() {
        start(WeComSandboxConfig.defaults());
        assertEquals("wecom/main", adapter.descriptor().key());
        assertTrue(adapter.descriptor().capabilities().containsAll(List.of(ChannelCapability.MASS_MESSAGE,
                ChannelCapability.DIRECT_MESSAGE, ChannelCapability.GROUP_MESSAGE, ChannelCapability.WELCOME_MESSAGE,
                ChannelCapability.CHANNEL_CODES, ChannelCapability.INBOUND_CALLBACKS)));
        assertEquals(10_000, adapter.descriptor().limits().maxRecipientsPerCall());
        assertEquals(1, adapter.descriptor().limits().receiveQuota());
        assertEquals(Duration.ofDays(1), adapter.descriptor().limits().receiveQuotaWindow());
        assertEquals(10_000, adapter.descriptor().limits().callsPerMinute());
        assertTrue(adapter.canCheckInFlight());
    }

    @Test
    void massMessageMapsTheFailListToRejectedRecipients() {
        start(WeComSandboxConfig.defaults());
        seed("u1", "wmA", "wmB");
        ChannelIdentity phone = ChannelIdentity.of(IdentityType.PHONE, "+8613800138000");
        SendResult result = adapter.send(mass("u1", MessageContent.Text.of("spring sale"),
                List.of(customer("wmA"), customer("wmB"), customer("wmGone"), phone)));
        SendResult.Accepted a = assertInstanceOf(SendResult.Accepted.class, result);
        assertTrue(a.providerMessageId().startsWith("msg"));
        assertEquals(List.of(customer("wmGone"), phone), a.rejectedRecipients());
        JsonNode state = control("GET", "/control/state", null);
        assertEquals(2, state.path("messages").get(0).path("targets").asInt());
        assertEquals(0, state.path("delivered").asInt(), "sent only once the staff member confirms");
    }

    @Test
    void anUnconfirmedMassMessageIsRemindedThreeTimesInADayAndNotAFourth() {
        start(WeComSandboxConfig.defaults());
        seed("u1", "wmA");
        SendResult.Accepted a = assertInstanceOf(SendResult.Accepted.class,
                adapter.send(mass("u1", MessageContent.Text.of("会员日"), List.of(customer("wmA")))));
        var reminders = adapter.massMessageReminders().orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertTrue(reminders.remind(a.providerMessageId()), "reminder " + (i + 1));
        }
        assertFalse(reminders.remind(a.providerMessageId()), "WeCom refuses a fourth within 24 hours (40058)");
        assertFalse(reminders.remind("msg-unknown"));
    }

    @Test
    void refusesMoreThanTenThousandRecipientsAndMessagesWithoutSender() {
        start(WeComSandboxConfig.defaults());
        List<ChannelIdentity> many = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            many.add(customer("wm" + i));
        }
        SendResult tooMany = adapter.send(mass("u1", MessageContent.Text.of("x"), many));
        assertEquals("too-many-recipients", assertInstanceOf(SendResult.PermanentFailure.class, tooMany).providerCode());
        SendResult noSender = adapter.send(mass(null, MessageContent.Text.of("x"), List.of(customer("wmA"))));
        assertEquals("sender-required", assertInstanceOf(SendResult.PermanentFailure.class, noSender).providerCode());
        assertEquals(0, control("GET", "/control/state", null).path("messages").size(), "the provider was not called");

        // exactly 10,000 goes out in one call
        seed("u1", "wm0");
        SendResult full = adapter.send(mass("u1", MessageContent.Text.of("x"), many.subList(0, 10_000)));
        assertEquals(9_999, assertInstanceOf(SendResult.Accepted.class, full).rejectedRecipients().size());
    }

    @Test
    void directAndGroupMessagesAndAttachments() {
        start(WeComSandboxConfig.defaults());
        seed("u1", "wmA");
        control("POST", "/control/groupchat", "{\"chat_id\":\"wrG\",\"owner\":\"u1\"}");
        OutboundMessage direct = new OutboundMessage("d1", "wecom", "main", MessageKind.DIRECT, List.of(customer("wmA")),
                List.of(), new MessageContent.Text("your parcel", List.of(
                        new Attachment.Image("https://example.com/p.png"),
                        new Attachment.Link("Track it", "https://example.com/t", "where it is", null),
                        new Attachment.Video("MEDIA_VIDEO_1"),
                        new Attachment.File("MEDIA_FILE_1"),
                        new Attachment.MiniProgram("wxapp", "pages/index", "Open", "MEDIA_COVER"))),
                null, "u1", Map.of());
        accepted(adapter.send(direct));
        OutboundMessage group = new OutboundMessage("g1", "wecom", "main", MessageKind.GROUP, List.of(), List.of("wrG"),
                MessageContent.Text.of("hello group"), null, "u1", Map.of());
        assertEquals(List.of(), assertInstanceOf(SendResult.Accepted.class, adapter.send(group)).rejectedRecipients());

        OutboundMessage videoUrl = new OutboundMessage("d2", "wecom", "main", MessageKind.DIRECT, List.of(customer("wmA")),
                List.of(), new MessageContent.Text("", List.of(new Attachment.Video("https://example.com/v.mp4"))),
                null, "u1", Map.of());
        assertEquals("attachment-needs-media-id",
                assertInstanceOf(SendResult.PermanentFailure.class, adapter.send(videoUrl)).providerCode());
        SendResult tooLong = adapter.send(mass("u1", MessageContent.Text.of("字".repeat(1334)), List.of(customer("wmA"))));
        assertEquals("content-too-long", assertInstanceOf(SendResult.PermanentFailure.class, tooLong).providerCode());
    }

    @Test
    void anExpiredTokenIsRefreshedTransparently() {
        start(WeComSandboxConfig.defaults());
        seed("u1", "wmA");
        accepted(adapter.send(mass("one", "wmA")));
        // the provider's clock runs ahead: it considers the cached token expired (42001)
        sim.advance(Duration.ofSeconds(7_201));
        accepted(adapter.send(mass("two", "wmA")));
        assertEquals(ChannelHealth.Status.UP, adapter.health().status());
        assertEquals(2, control("GET", "/control/state", null).path("messages").size());
    }

    @Test
    void frequencyLimitIsATransientFailureWithTheBlockWindow() {
        start(WeComSandboxConfig.defaults().withCallsPerMinute(3));
        seed("u1", "wmA");
        accepted(adapter.send(mass("1", "wmA"))); // gettoken + add_msg_template
        accepted(adapter.send(mass("2", "wmA")));
        SendResult limited = adapter.send(mass("3", "wmA"));
        SendResult.TransientFailure t = assertInstanceOf(SendResult.TransientFailure.class, limited);
        assertEquals("45009", t.providerCode());
        assertEquals(Duration.ofSeconds(60), t.retryAfter());
        ChannelHealth health = adapter.health();
        assertEquals(ChannelHealth.Status.DEGRADED, health.status());
        assertEquals(START.plusSeconds(60), health.rateLimitedUntil());
        assertTrue(health.lastError().startsWith("45009"));

        clock.advance(Duration.ofSeconds(20));
        SendResult stillBlocked = adapter.send(mass("4", "wmA"));
        assertEquals(Duration.ofSeconds(40), assertInstanceOf(SendResult.TransientFailure.class, stillBlocked).retryAfter());
        assertEquals(2, control("GET", "/control/state", null).path("messages").size(),
                "a blocked adapter does not call the provider");

        clock.advance(Duration.ofSeconds(41));
        accepted(adapter.send(mass("5", "wmA")));
        assertNull(adapter.health().rateLimitedUntil());
    }

    @Test
    void welcomeMessageWithinTwentySecondsAndLate() {
        start(WeComSandboxConfig.defaults());
        control("POST", "/control/scan", "{\"userid\":\"u1\",\"name\":\"Li\"}");
        EventDraft added = platform.events.stored.get(0);
        String code = (String) added.properties().get("welcomeCode");
        assertNotNull(code);
        clock.advance(Duration.ofSeconds(15));
        assertInstanceOf(SendResult.Accepted.class, adapter.send(welcome(added.identity(), code)));

        control("POST", "/control/scan", "{\"userid\":\"u1\",\"name\":\"Wang\"}");
        EventDraft second = platform.events.stored.get(1);
        clock.advance(Duration.ofSeconds(21));
        SendResult late = adapter.send(welcome(second.identity(), (String) second.properties().get("welcomeCode")));
        assertEquals("41051", assertInstanceOf(SendResult.PermanentFailure.class, late).providerCode());
        SendResult noCode = adapter.send(new OutboundMessage("w0", "wecom", "main", MessageKind.WELCOME,
                List.of(second.identity()), List.of(), MessageContent.Text.of("hi"), null, null, Map.of()));
        assertEquals("welcome-code-required", assertInstanceOf(SendResult.PermanentFailure.class, noCode).providerCode());
        assertEquals(1, control("GET", "/control/state", null).path("welcomed").size());
    }

    private OutboundMessage welcome(ChannelIdentity to, String code) {
        return new OutboundMessage("w" + (++keys), "wecom", "main", MessageKind.WELCOME, List.of(to), List.of(),
                MessageContent.Text.of("welcome!"), null, "u1", Map.of(WeComAdapter.WELCOME_CODE_OPTION, code));
    }

    // ------------------------------------------------------------------ in-flight check

    @Test
    void checkInFlightFindsTheMessageCreatedByTheLostAttempt() {
        start(WeComSandboxConfig.defaults());
        seed("u1", "wmA", "wmB");
        Instant attemptedAt = clock.instant();
        OutboundMessage lost = mass("flash sale", "wmA", "wmB", "wmGone");
        String msgid = accepted(adapter.send(lost)); // reached WeCom, but the node died before recording it
        clock.advance(Duration.ofMinutes(3));

        Optional<SendResult> found = adapter.checkInFlight(lost, attemptedAt);
        SendResult.Accepted a = assertInstanceOf(SendResult.Accepted.class, found.orElseThrow());
        assertEquals(msgid, a.providerMessageId());
        assertEquals(List.of(customer("wmGone")), a.rejectedRecipients());

        // another chunk of the same mass message (same sender and text, other customers) never reached WeCom
        seed("u1", "wmC");
        assertEquals(Optional.empty(), adapter.checkInFlight(mass("flash sale", "wmC"), attemptedAt));
        assertEquals(Optional.empty(), adapter.checkInFlight(mass("other text", "wmA", "wmB"), attemptedAt));
        assertEquals(Optional.empty(), adapter.checkInFlight(lost, clock.instant()), "created before the attempt");

        // an attempt over a month ago: the search is cut to the month the provider can list
        clock.advance(Duration.ofDays(40));
        assertEquals(Optional.empty(), adapter.checkInFlight(lost, attemptedAt));
    }

    @Test
    void checkInFlightThatCannotAskIsTransient() {
        start(WeComSandboxConfig.defaults());
        seed("u1", "wmA");
        sim.failNext("externalcontact/get_groupmsg_list_v2", 48002, 1);
        Optional<SendResult> r = adapter.checkInFlight(mass("x", "wmA"), clock.instant());
        assertEquals("48002", assertInstanceOf(SendResult.TransientFailure.class, r.orElseThrow()).providerCode());
    }

    // ------------------------------------------------------------------ delivery results

    @Test
    void pollerReportsConfirmationsAndQuotaFailures() {
        start(WeComSandboxConfig.defaults());
        seed("u1", "wmA", "wmB");
        seed("u2", "wmC");
        OutboundMessage first = mass("first", "wmA", "wmB", "wmC");
        String firstId = accepted(adapter.send(first));
        platform.outbox.sent(first, firstId, clock.instant());

        assertEquals(0, poller.pollOnce(), "nothing to report before the staff member confirms");

        control("POST", "/control/confirm", "{\"msgid\":\"" + firstId + "\",\"userid\":\"u1\"}");
        clock.advance(Duration.ofMinutes(1));
        poller.pollOnce();
        Map<String, DeliveryStatus> byRecipient = byRecipient(firstId);
        assertEquals(DeliveryState.CONFIRMED, byRecipient.get("wmA").state());
        assertEquals(DeliveryState.CONFIRMED, byRecipient.get("wmB").state());
        assertEquals(DeliveryState.FAILED, byRecipient.get("wmC").state());
        assertEquals("not-friend", byRecipient.get("wmC").errorCode());
        assertEquals(DeliveryState.CONFIRMED, byRecipient.get(null).state());
        assertEquals(first.idempotencyKey(), byRecipient.get(null).messageKey());
        assertEquals(START, byRecipient.get("wmA").at(), "the provider's send_time");

        int before = platform.reports.size();
        poller.pollOnce();
        assertEquals(before, platform.reports.size(), "a confirmed message is not polled again");

        OutboundMessage second = mass("second", "wmA");
        String secondId = accepted(adapter.send(second));
        platform.outbox.sent(second, secondId, clock.instant());
        control("POST", "/control/confirm", "{\"msgid\":\"" + secondId + "\"}");
        poller.pollOnce();
        DeliveryStatus quota = byRecipient(secondId).get("wmA");
        assertEquals(DeliveryState.FAILED, quota.state());
        assertEquals("quota", quota.errorCode());
        assertEquals("customer already received a mass message", quota.errorMessage());
        assertEquals(DeliveryState.CONFIRMED, byRecipient(secondId).get(null).state());
    }

    @Test
    void twentyFiveThousandCustomersInChunksAreEachDeliveredOnce() {
        start(WeComSandboxConfig.defaults());
        control("POST", "/control/contacts", "{\"userid\":\"u1\",\"count\":25000}");
        List<ChannelIdentity> everyone = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            everyone.add(customer(String.format("wm%08d", i)));
        }
        // what the outbox dispatcher does: at most maxRecipientsPerCall per message
        int chunk = adapter.descriptor().limits().maxRecipientsPerCall();
        List<String> msgids = new ArrayList<>();
        for (int from = 0; from < everyone.size(); from += chunk) {
            OutboundMessage part = mass("u1", MessageContent.Text.of("anniversary"),
                    everyone.subList(from, Math.min(everyone.size(), from + chunk)));
            String msgid = accepted(adapter.send(part));
            platform.outbox.sent(part, msgid, clock.instant());
            msgids.add(msgid);
        }
        assertEquals(3, msgids.size());
        msgids.forEach(m -> control("POST", "/control/confirm", "{\"msgid\":\"" + m + "\"}"));
        poller.pollOnce();
        long confirmed = platform.reports.stream()
                .filter(s -> s.recipient() != null && s.state() == DeliveryState.CONFIRMED).count();
        assertEquals(25_000, confirmed);
        JsonNode state = control("GET", "/control/state", null);
        assertEquals(25_000, state.path("delivered").asInt());
        assertEquals(25_000, state.path("received").size(), "every customer once");
    }

    @Test
    void pollerReportsGroupMessagesAsAWholeAndWelcomeMessagesDelivered() {
        start(WeComSandboxConfig.defaults());
        control("POST", "/control/groupchat", "{\"chat_id\":\"wrG\",\"owner\":\"u1\"}");
        OutboundMessage group = new OutboundMessage("g1", "wecom", "main", MessageKind.GROUP, List.of(), List.of("wrG"),
                MessageContent.Text.of("hello group"), null, "u1", Map.of());
        String msgid = accepted(adapter.send(group));
        platform.outbox.sent(group, msgid, clock.instant());
        OutboundMessage welcome = welcome(customer("wmA"), "code");
        platform.outbox.sent(welcome, null, clock.instant());
        control("POST", "/control/confirm", "{\"msgid\":\"" + msgid + "\"}");

        assertEquals(2, poller.pollOnce());
        assertEquals(DeliveryState.CONFIRMED, byRecipient(msgid).get(null).state());
        DeliveryStatus welcomed = platform.reports.stream().filter(s -> welcome.idempotencyKey().equals(s.messageKey()))
                .findFirst().orElseThrow();
        assertEquals(DeliveryState.DELIVERED, welcomed.state());
    }

    @Test
    void pollerSkipsQuietlyWithoutTheCoreServices() {
        start(WeComSandboxConfig.defaults());
        DeliveryPoller alone = new DeliveryPoller(adapter.settings(), adapter.api(), new PlatformServices() {
            @Override
            public io.siyu.api.event.EventService events() {
                return null;
            }

            @Override
            public io.siyu.api.channel.Outbox outbox() {
                return null;
            }

            @Override
            public io.siyu.api.channel.DeliveryReports deliveryReports() {
                return null;
            }
        }, "wecom/main", clock);
        assertEquals(0, alone.pollOnce());
    }

    private Map<String, DeliveryStatus> byRecipient(String msgid) {
        Map<String, DeliveryStatus> out = new java.util.HashMap<>();
        for (DeliveryStatus s : platform.reports) {
            if (msgid.equals(s.providerMessageId())) {
                out.put(s.recipient() == null ? null : s.recipient().value(), s);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void scanIngestsContactAddedWithChannelCodeStaffAndWelcomeCode() {
        start(WeComSandboxConfig.defaults());
        JsonNode scan = control("POST", "/control/scan",
                "{\"userid\":\"u1\",\"state\":\"store-42\",\"name\":\"Li Lei\",\"unionid\":\"ouLiLei\"}");
        assertEquals(200, scan.path("callback").path("status").asInt(), scan.toString());
        assertEquals("", scan.path("callback").path("body").asText(), "an empty 200");
        assertEquals(1, platform.events.stored.size());
        EventDraft e = platform.events.stored.get(0);
        assertEquals(EventTypes.CONTACT_ADDED, e.type());
        assertEquals("wecom/main", e.channel());
        assertEquals(START, e.occurredAt());
        assertEquals(customer(scan.path("external_userid").asText()), e.identity());
        assertEquals(List.of(ChannelIdentity.of(IdentityType.UNIONID, "ouLiLei")), e.identities());
        assertEquals("store-42", e.properties().get(EventTypes.CHANNEL_CODE));
        assertEquals("u1", e.properties().get(EventTypes.STAFF_ID));
        assertEquals(scan.path("welcome_code").asText(), e.properties().get("welcomeCode"));
        assertEquals("Li Lei", e.properties().get("name"));
        assertEquals("system", platform.events.lastCaller);
        assertTrue(e.problems("e").isEmpty());
    }

    @Test
    void replayedCallbacksAreRejectedAndRedeliveriesRecordedOnce() {
        start(WeComSandboxConfig.defaults());
        control("POST", "/control/scan", "{\"userid\":\"u1\",\"state\":\"s1\"}");
        JsonNode replay = control("POST", "/control/replay", "{}");
        assertEquals(401, replay.path("callback").path("status").asInt());
        assertEquals("REPLAYED", replay.path("callback").path("body").asText());

        // the platform's own retry is sealed anew: accepted, and the same event id again
        JsonNode redelivered = control("POST", "/control/redeliver", "{\"index\":1}");
        assertEquals(200, redelivered.path("callback").path("status").asInt());
        assertEquals(1, platform.events.stored.size());
        assertEquals(1, platform.events.duplicates);
    }

    @Test
    void callbacksForAnotherCorpAreRejected() {
        start(WeComSandboxConfig.defaults());
        WeComSandboxConfig other = new WeComSandboxConfig("wwothercorp000001", "s", sandboxConfig.token(),
                sandboxConfig.encodingAesKey(), "1", 7200, 10_000, 1, "http://unused", null);
        WeComSimulator otherCorp = new WeComSimulator(other, clock);
        otherCorp.callbackTransport(DirectCallbacks.to(() -> adapter));
        SimResponse r = otherCorp.handle(new SimRequest("POST", "", "/control/scan", Map.of(),
                "{\"userid\":\"u1\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.bodyText().contains("\"status\":403"), r.bodyText());
        assertTrue(r.bodyText().contains("WRONG_RECEIVER"), r.bodyText());
        assertEquals(0, platform.events.stored.size());
    }

    @Test
    void withoutTheEventServiceACallbackIs503AndItsRetryIsAccepted() {
        start(WeComSandboxConfig.defaults());
        platform.eventsRunning = false;
        JsonNode scan = control("POST", "/control/scan", "{\"userid\":\"u1\"}");
        assertEquals(503, scan.path("callback").path("status").asInt());
        platform.eventsRunning = true;
        // even a byte-for-byte retry passes: the nonce of an unrecorded callback was released
        JsonNode retry = control("POST", "/control/replay", "{}");
        assertEquals(200, retry.path("callback").path("status").asInt());
        assertEquals(EventTypes.CONTACT_ADDED, platform.events.stored.get(0).type());
    }

    @Test
    void staleCallbacksAreRejected() {
        start(WeComSandboxConfig.defaults());
        sim.advance(Duration.ofSeconds(301)); // the platform's clock is 5 minutes ahead
        JsonNode scan = control("POST", "/control/scan", "{\"userid\":\"u1\"}");
        assertEquals("STALE_TIMESTAMP", scan.path("callback").path("body").asText());
    }

    @Test
    void messagesRemovalsAndGroupChangesBecomeEvents() {
        start(WeComSandboxConfig.defaults());
        String id = control("POST", "/control/scan", "{\"userid\":\"u1\"}").path("external_userid").asText();
        control("POST", "/control/message", "{\"external_userid\":\"" + id + "\",\"content\":\"is it in stock?\"}");
        control("POST", "/control/remove", "{\"external_userid\":\"" + id + "\",\"userid\":\"u1\"}");
        List<EventDraft> stored = platform.events.stored;
        assertEquals(3, stored.size());
        assertEquals(EventTypes.MESSAGE_IN, stored.get(1).type());
        assertEquals("is it in stock?", stored.get(1).properties().get("content"));
        assertEquals("text", stored.get(1).properties().get("msgType"));
        assertEquals("u1", stored.get(1).properties().get(EventTypes.STAFF_ID));
        assertEquals(EventTypes.CONTACT_REMOVED, stored.get(2).type());
        assertEquals("customer", stored.get(2).properties().get("by"));
        assertEquals("u1", stored.get(2).properties().get(EventTypes.STAFF_ID));

        // callbacks the sandbox has no control for, sealed like the platform's
        post(Map.of("MsgType", "event", "Event", "change_external_chat", "ChatId", "wrG", "ChangeType", "update",
                "UpdateDetail", "add_member", "JoinScene", "3", "MemChangeCnt", "2",
                "MemChangeList", Map.of("Item", List.of(id, "staff01"))));
        post(Map.of("MsgType", "event", "Event", "change_external_contact", "ChangeType", "transfer_fail",
                "FailReason", "customer_refused", "UserID", "u1", "ExternalUserID", id));
        post(Map.of("MsgType", "event", "Event", "change_external_tag", "ChangeType", "create", "Id", "et1",
                "TagType", "tag"));
        assertEquals(5, stored.size());
        assertEquals(EventTypes.GROUP_JOIN, stored.get(3).type());
        assertEquals("wrG", stored.get(3).properties().get(EventTypes.GROUP_CHAT_ID));
        assertEquals(customer(id), stored.get(3).identity());
        assertEquals(WeComCallback.HANDOVER_FAILED, stored.get(4).type());
        assertEquals("customer_refused", stored.get(4).properties().get("reason"));
    }

    private final AtomicInteger nonces = new AtomicInteger(1000);

    /** POSTs a callback sealed with the account's token and key, as WeCom does. */
    private void post(Map<String, Object> fields) {
        Map<String, Object> xml = new java.util.LinkedHashMap<>();
        xml.put("ToUserName", sandboxConfig.corpId());
        xml.put("FromUserName", "sys");
        xml.put("CreateTime", clock.instant().getEpochSecond());
        xml.putAll(fields);
        WxCrypto crypto = new WxCrypto(sandboxConfig.token(), sandboxConfig.encodingAesKey(), sandboxConfig.corpId());
        String encrypted = crypto.encrypt(io.siyu.channel.kit.SafeXml.write(xml));
        String ts = Long.toString(clock.instant().getEpochSecond());
        String nonce = Integer.toString(nonces.incrementAndGet());
        byte[] body = io.siyu.channel.kit.SafeXml.write(Map.of("ToUserName", sandboxConfig.corpId(), "Encrypt", encrypted))
                .getBytes(StandardCharsets.UTF_8);
        CallbackResponse r = adapter.inboundCallback().orElseThrow().handle(new CallbackRequest("POST",
                Map.of("msg_signature", List.of(crypto.signature(ts, nonce, encrypted)), "timestamp", List.of(ts),
                        "nonce", List.of(nonce)), Map.of(), body));
        assertEquals(200, r.status());
    }

    @Test
    void urlVerificationAnswersTheDecryptedEchostr() {
        start(WeComSandboxConfig.defaults());
        WxCrypto crypto = new WxCrypto(sandboxConfig.token(), sandboxConfig.encodingAesKey(), sandboxConfig.corpId());
        String echostr = crypto.encrypt("8616412345");
        String ts = Long.toString(START.getEpochSecond());
        CallbackResponse r = adapter.inboundCallback().orElseThrow().handle(new CallbackRequest("GET",
                Map.of("msg_signature", List.of(crypto.signature(ts, "77", echostr)), "timestamp", List.of(ts),
                        "nonce", List.of("77"), "echostr", List.of(echostr)), Map.of(), null));
        assertEquals("8616412345", new String(r.body(), StandardCharsets.UTF_8));
        CallbackRejected bad = assertThrows(CallbackRejected.class, () -> adapter.inboundCallback().orElseThrow()
                .handle(new CallbackRequest("GET", Map.of("msg_signature", List.of("0000"), "timestamp", List.of(ts),
                        "nonce", List.of("78"), "echostr", List.of(echostr)), Map.of(), null)));
        assertEquals(CallbackRejected.Reason.BAD_SIGNATURE, bad.reason());
        assertEquals(CallbackRejected.Reason.METHOD_NOT_ALLOWED, assertThrows(CallbackRejected.class,
                () -> adapter.inboundCallback().orElseThrow().handle(new CallbackRequest("PUT", Map.of(), Map.of(), null)))
                .reason());
    }

    // ------------------------------------------------------------------ channel codes and health

    @Test
    void channelCodesAreContactWays() {
        start(WeComSandboxConfig.defaults());
        ChannelCodes codes = adapter.channelCodes().orElseThrow();
        ChannelCodes.ChannelCode single = codes.create(new ChannelCodes.Request("store-42", "Store 42", List.of("u1"), true));
        assertEquals("store-42", single.state());
        assertNotNull(single.qrCodeUrl());
        ChannelCodes.ChannelCode multi = codes.create(new ChannelCodes.Request("poster", null, List.of("u1", "u2"), false));
        JsonNode ways = control("GET", "/control/state", null).path("contact_ways");
        assertEquals(1, ways.get(0).path("type").asInt());
        assertEquals(2, ways.get(1).path("type").asInt());
        assertEquals(2, ways.get(1).path("scene").asInt());

        // a scan of the code comes back with its state
        control("POST", "/control/scan", "{\"config_id\":\"" + single.providerCodeId() + "\"}");
        assertEquals("store-42", platform.events.stored.get(0).properties().get(EventTypes.CHANNEL_CODE));

        codes.delete(multi.providerCodeId());
        codes.delete(multi.providerCodeId()); // gone already: not an error
        assertEquals(1, control("GET", "/control/state", null).path("contact_ways").size());
        assertEquals("staffUserIds", assertThrows(io.siyu.api.ValidationException.class,
                () -> codes.create(new ChannelCodes.Request("x", null, List.of(), false))).errors().get(0).field());
        sim.failNext("externalcontact/add_contact_way", 48002, 1);
        ChannelCallException denied = assertThrows(ChannelCallException.class,
                () -> codes.create(new ChannelCodes.Request("x", null, List.of("u1"), false)));
        assertEquals("48002", denied.providerCode());
        assertFalse(denied.isTransient());
    }

    @Test
    void healthIsDownWithAWrongSecretAndNeverShowsIt() {
        start(WeComSandboxConfig.defaults(), "wrong-secret-value");
        assertEquals(ChannelHealth.Status.UP, adapter.health().status());
        assertNull(adapter.health().tokenAge());
        SendResult r = adapter.send(mass("x", "wmA"));
        assertEquals("40001", assertInstanceOf(SendResult.TransientFailure.class, r).providerCode());
        ChannelHealth health = adapter.health();
        assertEquals(ChannelHealth.Status.DOWN, health.status());
        assertFalse(health.toString().contains("wrong-secret-value"));
        assertFalse(health.toString().contains(sandboxConfig.token()));
        assertFalse(adapter.toString().contains("wrong-secret-value"));
        assertFalse(adapter.settings().toString().contains("wrong-secret-value"));
        assertFalse(adapter.settings().toString().contains(sandboxConfig.encodingAesKey()));
    }

    @Test
    void healthReportsTheTokenAge() {
        start(WeComSandboxConfig.defaults());
        seed("u1", "wmA");
        accepted(adapter.send(mass("x", "wmA")));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Duration.ofMinutes(10), adapter.health().tokenAge());
        assertEquals(ChannelHealth.Status.UP, adapter.health().status());
    }
}
