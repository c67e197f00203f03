package io.siyu.channel.miniprogram.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.testing.FakeCore;
import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.miniprogram.MpSandboxConfig;
import io.siyu.channel.sandbox.miniprogram.MpSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter against the mini-program simulator over real HTTP, with recording core services. */
class MpAdapterTest {
    static final String APP = MpSandboxConfig.DEFAULT_APP_ID;
    static final String TEMPLATE = "bDmywsp2oEHjwAadTGKkUHpC0RgBVPvfAYPNTKCZ5Xo";
    static final String OTHER_TEMPLATE = "OTHER-TEMPLATE-0000000000000000000000000000";
    static final String INGEST_TOKEN = "ingest-token-0123456789";
    static final String OPENID = "oMiniUser000000000000000001";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-11T02:00:00Z"));
    private final FakeCore platform = new FakeCore();
    private final MpSimulator simulator = new MpSimulator(MpSandboxConfig.defaults()
            .withTemplateIds(List.of(TEMPLATE, OTHER_TEMPLATE)).withPages(List.of("pages/order/detail", "pages/index")),
            Clock.systemUTC());
    private final SandboxServer sandbox = SandboxServer.start(0, Map.of("miniprogram", simulator));

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private MpAdapter adapter(String secret) {
        return new MpAdapter(new MpSettings("shop", APP, secret, sandbox.base("miniprogram"), "trial", "zh_CN",
                INGEST_TOKEN, 300), platform, clock);
    }

    private MpAdapter adapter() {
        return adapter(MpSandboxConfig.DEFAULT_APP_SECRET);
    }

    static OutboundMessage message(String key, String openid, String template, Map<String, String> data, String page) {
        return new OutboundMessage(key, "miniprogram", "shop", MessageKind.TEMPLATE,
                List.of(ChannelIdentity.scoped(IdentityType.MINIPROGRAM_OPENID, APP, openid)), List.of(),
                new MessageContent.Template(template, data, page, null), null, null, Map.of());
    }

    static Map<String, String> orderShipped() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("character_string1", "SY20261111-0042");
        data.put("thing2", "思域旗舰店 双十一礼盒");
        data.put("amount3", "¥299.00");
        data.put("date4", "2026年11月11日 10:30");
        data.put("phrase5", "已发货");
        return data;
    }

    private static CallbackRequest ingest(String json, Map<String, List<String>> headers) {
        return new CallbackRequest("POST", Map.of(), headers, json.getBytes(StandardCharsets.UTF_8), MpIngest.PATH);
    }

    private static Map<String, List<String>> bearer(String token) {
        return Map.of("Authorization", List.of("Bearer " + token), "Content-Type", List.of("application/json"));
    }

    private static String granted(String openid, String... templates) {
        return acceptance("grant-" + openid + "-" + templates.length, openid, templates);
    }

    private static String acceptance(String eventId, String openid, String... templates) {
        return "{\"events\":[{\"id\":\"" + eventId + "\",\"type\":\"subscribe.accepted\","
                + "\"openid\":\"" + openid + "\",\"unionid\":\"union-" + openid + "\",\"occurredAt\":\"2026-11-11T01:00:00Z\","
                + "\"templateIds\":[\"" + String.join("\",\"", templates) + "\"]}]}";
    }

    private CallbackResponse grant(MpAdapter adapter, String openid, String... templates) {
        return accept(adapter, granted(openid, templates));
    }

    private CallbackResponse accept(MpAdapter adapter, String json) {
        CallbackResponse r = adapter.inboundCallback().get().handle(ingest(json, bearer(INGEST_TOKEN)));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        return r;
    }

    private int grantsLeft(String openid, String template) {
        long customer = platform.customerOf(ChannelIdentity.scoped(IdentityType.MINIPROGRAM_OPENID, APP, openid));
        return platform.grants.available(customer, APP, template);
    }

    @Test
    void aGrantedSubscribeMessageIsSentOnceAndUsesTheGrant() {
        MpAdapter adapter = adapter();
        grant(adapter, OPENID, TEMPLATE);
        simulator.grant(OPENID, List.of(TEMPLATE)); // the platform saw the same acceptance

        SendResult first = adapter.send(message("mp-1", OPENID, TEMPLATE, orderShipped(), "pages/order/detail?id=42"));

        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, first);
        assertNotNull(accepted.providerMessageId());
        assertEquals(1, simulator.delivered(OPENID));
        assertEquals(0, simulator.grantsLeft(OPENID, TEMPLATE));
        String state = sandbox.simulator("miniprogram").handle(new io.siyu.channel.sandbox.SimRequest("GET", "",
                "/control/state", Map.of(), null)).bodyText();
        assertTrue(state.contains("\"page\":\"pages/order/detail?id=42\"") && state.contains("\"state\":\"trial\"")
                && state.contains("\"thing2\":\"思域旗舰店 双十一礼盒\""), state);

        SendResult second = adapter.send(message("mp-2", OPENID, TEMPLATE, orderShipped(), null));
        SendResult.PermanentFailure refused = assertInstanceOf(SendResult.PermanentFailure.class, second);
        assertEquals("siyu.no-subscription", refused.providerCode());
        assertEquals(1, simulator.delivered(OPENID), "no grant, no call");
        assertEquals(ChannelHealth.Status.UP, adapter.health().status());
    }

    @Test
    void eachAcceptanceIsOneGrantAndEachSendUsesExactlyOne() {
        MpAdapter adapter = adapter();
        accept(adapter, acceptance("accept-1", OPENID, TEMPLATE));
        accept(adapter, acceptance("accept-2", OPENID, TEMPLATE));
        accept(adapter, acceptance("accept-2", OPENID, TEMPLATE)); // the same batch again counts once
        simulator.grant(OPENID, List.of(TEMPLATE));
        simulator.grant(OPENID, List.of(TEMPLATE));
        assertEquals(2, grantsLeft(OPENID, TEMPLATE));

        assertInstanceOf(SendResult.Accepted.class, adapter.send(message("mp-a", OPENID, TEMPLATE, orderShipped(), null)));
        assertEquals(1, grantsLeft(OPENID, TEMPLATE));
        assertInstanceOf(SendResult.Accepted.class, adapter.send(message("mp-b", OPENID, TEMPLATE, orderShipped(), null)));
        assertEquals(0, grantsLeft(OPENID, TEMPLATE));
        assertEquals("siyu.no-subscription", assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(message("mp-c", OPENID, TEMPLATE, orderShipped(), null))).providerCode());
        assertEquals(2, simulator.delivered(OPENID), "two acceptances, two messages");
    }

    @Test
    void aUserWithoutAnyGrantIsNeverCalled() {
        MpAdapter adapter = adapter();
        grant(adapter, OPENID, OTHER_TEMPLATE);
        simulator.grant(OPENID, List.of(TEMPLATE));

        SendResult r = adapter.send(message("mp-3", OPENID, TEMPLATE, orderShipped(), null));

        assertEquals("siyu.no-subscription", assertInstanceOf(SendResult.PermanentFailure.class, r).providerCode());
        assertEquals(0, simulator.delivered(OPENID));
    }

    @Test
    void the43101OfAUserWhoTookTheSubscriptionBackMarksTheGrantGone() {
        MpAdapter adapter = adapter();
        grant(adapter, OPENID, TEMPLATE);
        accept(adapter, acceptance("second-acceptance", OPENID, TEMPLATE));
        simulator.grant(OPENID, List.of(OTHER_TEMPLATE)); // the platform knows the user, but no grant for TEMPLATE

        SendResult r = adapter.send(message("mp-4", OPENID, TEMPLATE, orderShipped(), null));

        SendResult.PermanentFailure p = assertInstanceOf(SendResult.PermanentFailure.class, r);
        assertEquals("43101", p.providerCode());
        assertEquals(0, grantsLeft(OPENID, TEMPLATE), "43101: none left here either");
        assertEquals("siyu.no-subscription", assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(message("mp-5", OPENID, TEMPLATE, orderShipped(), null))).providerCode());
    }

    @Test
    void templateDataBreakingThePlatformRulesIsRefusedBeforeQueueingWithTheFieldNamed() {
        MpAdapter adapter = adapter();
        Map<String, String> data = new LinkedHashMap<>(orderShipped());
        data.put("thing2", "这是一个超过二十个字的商品名称，平台会拒绝它的，真的");
        data.put("phone_number6", "call 400-800-8888");
        OutboundMessage bad = message("mp-6", OPENID, TEMPLATE, data, null);

        List<FieldError> errors = adapter.validate(bad);

        assertEquals(List.of("template.data.phone_number6", "template.data.thing2"),
                errors.stream().map(FieldError::field).toList());
        SendResult r = adapter.send(bad);
        assertEquals("siyu.invalid", assertInstanceOf(SendResult.PermanentFailure.class, r).providerCode());
        assertEquals(0, simulator.delivered(OPENID));
    }

    @Test
    void wrongKindsAndRecipientsAreRefused() {
        MpAdapter adapter = adapter();
        OutboundMessage text = new OutboundMessage("mp-7", "miniprogram", "shop", MessageKind.DIRECT,
                List.of(ChannelIdentity.scoped(IdentityType.MINIPROGRAM_OPENID, "wxother", OPENID)), List.of(),
                MessageContent.Text.of("hi"), null, null, Map.of());
        assertEquals(List.of("kind", "recipients[0]", "template"),
                adapter.validate(text).stream().map(FieldError::field).toList());
    }

    @Test
    void thePlatformsRefusalsAreKeptWithTheirCodes() {
        MpAdapter adapter = adapter();
        grant(adapter, OPENID, TEMPLATE);
        simulator.grant(OPENID, List.of(TEMPLATE));

        SendResult page = adapter.send(message("mp-8", OPENID, TEMPLATE, orderShipped(), "pages/gone"));
        assertEquals("41030", assertInstanceOf(SendResult.PermanentFailure.class, page).providerCode());

        grant(adapter, "oStranger", "UNKNOWN-TEMPLATE");
        SendResult template = adapter.send(message("mp-9", "oStranger", "UNKNOWN-TEMPLATE", orderShipped(), null));
        assertEquals("40003", assertInstanceOf(SendResult.PermanentFailure.class, template).providerCode());
    }

    @Test
    void aWrongSecretWaitsAndTakesTheAccountDown() {
        MpAdapter adapter = adapter("ffffffffffffffffffffffffffffffff");
        grant(adapter, OPENID, TEMPLATE);

        SendResult r = adapter.send(message("mp-10", OPENID, TEMPLATE, orderShipped(), null));

        SendResult.TransientFailure t = assertInstanceOf(SendResult.TransientFailure.class, r);
        assertEquals("40001", t.providerCode());
        assertEquals(ChannelHealth.Status.DOWN, adapter.health().status());
        assertTrue(adapter.health().lastError().startsWith("token: 40001"), adapter.health().lastError());
    }

    @Test
    void ordersAndPageViewsArriveAsEventsOfTheOpenidsCustomer() {
        MpAdapter adapter = adapter();
        String json = "{\"events\":[{\"id\":\"o-42\",\"type\":\"order\",\"openid\":\"" + OPENID + "\","
                + "\"unionid\":\"u-1\",\"occurredAt\":\"2026-11-11T01:02:03Z\",\"properties\":{\"orderId\":\"SY-42\","
                + "\"amount\":299.00,\"items\":[{\"sku\":\"gift-box\",\"qty\":1}],\"store\":\"旗舰店\"}},"
                + "{\"id\":\"pv-1\",\"type\":\"page.view\",\"openid\":\"" + OPENID + "\",\"occurredAt\":"
                + "\"2026-11-11T01:00:00Z\",\"properties\":{\"page\":\"pages/index\",\"title\":\"首页\"}}]}";

        CallbackResponse r = adapter.inboundCallback().get().handle(ingest(json, bearer(INGEST_TOKEN)));

        assertEquals(200, r.status());
        assertEquals("{\"accepted\":2,\"duplicates\":0,\"createdCustomers\":0}", new String(r.body(),
                StandardCharsets.UTF_8));
        EventDraft order = platform.events.ofType(EventTypes.ORDER).get(0);
        assertEquals("miniprogram:" + APP + ":o-42", order.id());
        assertEquals("miniprogram/shop", order.channel());
        assertEquals(ChannelIdentity.scoped(IdentityType.MINIPROGRAM_OPENID, APP, OPENID), order.identity());
        assertEquals(List.of(ChannelIdentity.of(IdentityType.UNIONID, "u-1")), order.identities());
        assertEquals("SY-42", order.properties().get("orderId"));
        assertEquals("旗舰店", order.properties().get("store"));
        assertEquals("pages/index", platform.events.ofType(MpIngest.PAGE_VIEW).get(0).properties().get("page"));

        CallbackResponse again = adapter.inboundCallback().get().handle(ingest(json, bearer(INGEST_TOKEN)));
        assertEquals("{\"accepted\":0,\"duplicates\":2,\"createdCustomers\":0}", new String(again.body(),
                StandardCharsets.UTF_8), "a retried batch is stored once");
    }

    @Test
    void badEventsAreAnsweredWithTheirFieldsAndNothingIsStored() {
        MpAdapter adapter = adapter();
        String json = "{\"events\":[{\"id\":\"o-1\",\"type\":\"order\",\"openid\":\"" + OPENID + "\",\"occurredAt\":"
                + "\"2026-11-11T01:02:03Z\",\"properties\":{\"orderId\":\"SY-1\"}},{\"id\":\"s-1\",\"type\":"
                + "\"subscribe.accepted\",\"openid\":\"" + OPENID + "\",\"occurredAt\":\"yesterday\"}]}";

        CallbackResponse r = adapter.inboundCallback().get().handle(ingest(json, bearer(INGEST_TOKEN)));

        assertEquals(400, r.status());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"field\":\"events[0].properties.amount\"")
                && body.contains("\"field\":\"events[1].occurredAt\"")
                && body.contains("\"field\":\"events[1].templateIds\""), body);
        assertTrue(platform.events.stored.isEmpty());
    }

    @Test
    void ingestNeedsTheTokenOrAFreshSignature() {
        MpAdapter adapter = adapter();
        String json = granted(OPENID, TEMPLATE);
        CallbackRejected wrong = assertThrows(CallbackRejected.class,
                () -> adapter.inboundCallback().get().handle(ingest(json, bearer("not-the-token-at-all"))));
        assertEquals(401, wrong.status());
        assertEquals(401, assertThrows(CallbackRejected.class,
                () -> adapter.inboundCallback().get().handle(ingest(json, Map.of()))).status());

        String ts = Long.toString(clock.instant().getEpochSecond());
        String signature = HexFormat.of().formatHex(MpIngest.sign(INGEST_TOKEN.getBytes(StandardCharsets.UTF_8), ts,
                json.getBytes(StandardCharsets.UTF_8)));
        CallbackResponse signed = adapter.inboundCallback().get().handle(ingest(json,
                Map.of("X-Siyu-Timestamp", List.of(ts), "X-Siyu-Signature", List.of(signature))));
        assertEquals(200, signed.status());

        String old = Long.toString(clock.instant().getEpochSecond() - 301);
        String oldSignature = HexFormat.of().formatHex(MpIngest.sign(INGEST_TOKEN.getBytes(StandardCharsets.UTF_8),
                old, json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(CallbackRejected.Reason.STALE_TIMESTAMP, assertThrows(CallbackRejected.class,
                () -> adapter.inboundCallback().get().handle(ingest(json, Map.of("X-Siyu-Timestamp", List.of(old),
                        "X-Siyu-Signature", List.of(oldSignature))))).reason());
        assertEquals(CallbackRejected.Reason.BAD_SIGNATURE, assertThrows(CallbackRejected.class,
                () -> adapter.inboundCallback().get().handle(ingest(json.replace("accepted", "rejected"),
                        Map.of("X-Siyu-Timestamp", List.of(ts), "X-Siyu-Signature", List.of(signature))))).reason());
    }
}
