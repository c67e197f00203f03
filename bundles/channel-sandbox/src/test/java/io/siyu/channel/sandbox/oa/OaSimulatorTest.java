package io.siyu.channel.sandbox.oa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.channel.kit.CallbackGuard;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.VerifiedCallback;
import io.siyu.channel.sandbox.CallbackTransport;
import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.oa.OaSandboxConfig.AccountType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OaSimulatorTest {
    /** 10:00 on 2 March 2026 in Shanghai. */
    private static final Instant START = Instant.parse("2026-03-02T02:00:00Z");
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private final MutableClock clock = new MutableClock(START);
    private SandboxServer server;
    private OaSimulator sim;
    private Api api;
    private final List<CallbackRequest> received = new ArrayList<>();

    /** Manual job-finish events unless a test says otherwise, so callbacks arrive when the test asks. */
    private OaSimulator start(OaSandboxConfig config) {
        sim = new OaSimulator(config, clock);
        sim.callbackTransport((url, query, body) -> {
            Map<String, List<String>> q = new LinkedHashMap<>();
            query.forEach((k, v) -> q.put(k, List.of(v)));
            synchronized (received) {
                received.add(new CallbackRequest("POST", q, Map.of(), body));
                received.notifyAll();
            }
            return new CallbackTransport.Reply(200, "success");
        });
        server = SandboxServer.start(0, Map.of(OaSandboxServlet.MOUNT, sim));
        api = new Api(server.base(OaSandboxServlet.MOUNT));
        return sim;
    }

    private static OaSandboxConfig manual() {
        return OaSandboxConfig.defaults().withJobFinishDelayMillis(-1);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private CallbackRequest last() {
        synchronized (received) {
            return received.get(received.size() - 1);
        }
    }

    private CallbackGuard plainGuard(OaSandboxConfig config) {
        return new CallbackGuard(new CallbackGuard.Config(config.token(), null, null, 300), clock);
    }

    private String follow(String openid, String unionid, String scene) {
        StringBuilder json = new StringBuilder("{\"openid\":\"" + openid + "\"");
        if (unionid != null) {
            json.append(",\"unionid\":\"").append(unionid).append('"');
        }
        if (scene != null) {
            json.append(",\"scene\":\"").append(scene).append('"');
        }
        Api.Answer a = api.control("subscribe", json.append('}').toString());
        assertEquals(200, a.status(), a.body().toString());
        return a.body().path("openid").asText();
    }

    private static int errcode(JsonNode answer) {
        return answer.path("errcode").asInt();
    }

    // ------------------------------------------------------------------ tokens and limits

    @Test
    void tokensAreCheckedExpireAndAreReplacedByTheNextFetch() {
        OaSandboxConfig config = manual().withTokenTtlSeconds(7200);
        start(config);
        String base = "/cgi-bin/token?grant_type=client_credential&appid=" + config.appId() + "&secret=";
        assertEquals(40125, errcode(api.get(base + "short")), "a secret of the wrong shape");
        assertEquals(40001, errcode(api.get(base + "ffffffffffffffffffffffffffffffff")), "another account's secret");
        assertEquals(40013, errcode(api.get("/cgi-bin/token?grant_type=client_credential&appid=wxother&secret=x")));
        assertEquals(40002, errcode(api.get("/cgi-bin/token?grant_type=password&appid=" + config.appId())));
        JsonNode issued = api.get(base + config.appSecret());
        assertFalse(issued.has("errcode"), "success has no errcode, as documented");
        assertEquals(7200, issued.path("expires_in").asInt());
        String first = issued.path("access_token").asText();

        assertEquals(0, errcode(api.get("/cgi-bin/tags/get?access_token=" + first)));
        assertEquals(41001, errcode(api.get("/cgi-bin/tags/get")));
        assertEquals(40014, errcode(api.get("/cgi-bin/tags/get?access_token=not%20a%20token")));
        assertEquals(40001, errcode(api.get("/cgi-bin/tags/get?access_token=" + "x".repeat(128))));

        String second = api.token(config);
        assertNotEquals(first, second);
        clock.advance(Duration.ofMinutes(4));
        assertEquals(0, errcode(api.get("/cgi-bin/tags/get?access_token=" + first)), "old token works 5 more minutes");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(40001, errcode(api.get("/cgi-bin/tags/get?access_token=" + first)), "then it is not the latest");
        assertEquals(0, errcode(api.get("/cgi-bin/tags/get?access_token=" + second)));
        clock.advance(Duration.ofSeconds(7200));
        assertEquals(42001, errcode(api.get("/cgi-bin/tags/get?access_token=" + second)));
    }

    @Test
    void frequencyLimitAnswers45009UntilTheMinuteIsOver() {
        OaSandboxConfig config = manual().withCallsPerMinute(3);
        start(config);
        String token = api.token(config);
        assertEquals(0, errcode(api.get("/cgi-bin/tags/get?access_token=" + token)));
        assertEquals(0, errcode(api.get("/cgi-bin/tags/get?access_token=" + token)));
        assertEquals(45009, errcode(api.get("/cgi-bin/tags/get?access_token=" + token)));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, errcode(api.get("/cgi-bin/tags/get?access_token=" + token)));
    }

    @Test
    void wrongMethodsAndUnknownApis() {
        OaSandboxConfig config = manual();
        start(config);
        String token = api.token(config);
        assertEquals(43002, errcode(api.get("/cgi-bin/message/template/send?access_token=" + token)));
        assertEquals(43001, errcode(api.post("/cgi-bin/user/info?access_token=" + token, "{}")));
        assertEquals(47001, errcode(api.post("/cgi-bin/tags/create?access_token=" + token, "[1]")));
        assertEquals(404, errcode(api.get("/cgi-bin/nothing?access_token=" + token)));
    }

    // ------------------------------------------------------------------ template messages

    @Test
    void templateMessagesGoToFollowersAndFinishWithAnEvent() {
        OaSandboxConfig config = manual().withTemplateIds(List.of("TPL-ORDER"));
        start(config);
        String token = api.token(config);
        String openid = follow("oFollower0000000000000000001", null, null);
        String send = "/cgi-bin/message/template/send?access_token=" + token;

        JsonNode ok = api.post(send, "{\"touser\":\"" + openid + "\",\"template_id\":\"TPL-ORDER\",\"url\":\"https://x.test\","
                + "\"data\":{\"first\":{\"value\":\"您好\",\"color\":\"#173177\"},\"amount\":{\"value\":\"39.8元\"}}}");
        assertEquals(0, errcode(ok));
        long msgid = ok.path("msgid").asLong();
        assertTrue(msgid > 0);
        assertEquals(40037, errcode(api.post(send, "{\"touser\":\"" + openid + "\",\"template_id\":\"OTHER\",\"data\":{}}")));
        assertEquals(40003, errcode(api.post(send, "{\"touser\":\"oNobody\",\"template_id\":\"TPL-ORDER\"}")));
        assertEquals(47003, errcode(api.post(send, "{\"touser\":\"" + openid
                + "\",\"template_id\":\"TPL-ORDER\",\"data\":{\"first\":\"flat\"}}")));

        int before = received.size();
        assertEquals(1, api.control("finish-jobs", "{}").body().path("delivered").asInt());
        assertEquals(before + 1, received.size());
        VerifiedCallback done = plainGuard(config).openPlain(last());
        assertEquals("TEMPLATESENDJOBFINISH", done.field("Event"));
        assertEquals(Long.toString(msgid), done.field("MsgID"));
        assertEquals("success", done.field("Status"));
        assertEquals(openid, done.field("FromUserName"));
        assertEquals(config.originalId(), done.field("ToUserName"));
        assertEquals(0, api.control("finish-jobs", "{}").body().path("delivered").asInt(), "delivered once");

        // the follower refuses the account's messages, then a system failure, then unfollowing
        assertEquals(200, api.control("block", "{\"openid\":\"" + openid + "\"}").status());
        api.post(send, "{\"touser\":\"" + openid + "\",\"template_id\":\"TPL-ORDER\"}");
        api.control("finish-jobs", "{}");
        assertEquals("failed:user block", plainGuard(config).openPlain(last()).field("Status"));
        api.control("block", "{\"openid\":\"" + openid + "\",\"blocked\":false}");
        api.control("fail-job", "{\"status\":\"failed: system failed\"}");
        api.post(send, "{\"touser\":\"" + openid + "\",\"template_id\":\"TPL-ORDER\"}");
        api.control("finish-jobs", "{}");
        assertEquals("failed: system failed", plainGuard(config).openPlain(last()).field("Status"));

        api.control("unsubscribe", "{\"openid\":\"" + openid + "\"}");
        assertEquals(43004, errcode(api.post(send, "{\"touser\":\"" + openid + "\",\"template_id\":\"TPL-ORDER\"}")),
                "no longer a follower");

        JsonNode state = api.get("/control/state?openid=" + openid);
        assertEquals(1, state.path("received").path(openid).path("template").asInt(), "one reached the follower");
        assertEquals(3, state.path("deliveries").size());
    }

    @Test
    void aRepeatedClientMsgIdSendsOnceWithinTenMinutes() {
        OaSandboxConfig config = manual();
        start(config);
        String token = api.token(config);
        String openid = follow("oFollower0000000000000000003", null, null);
        String send = "/cgi-bin/message/template/send?access_token=" + token;
        String body = "{\"touser\":\"" + openid + "\",\"template_id\":\"t\",\"client_msg_id\":\"key-1\"}";
        long first = api.post(send, body).path("msgid").asLong();
        assertEquals(first, api.post(send, body).path("msgid").asLong());
        clock.advance(Duration.ofMinutes(11));
        send = "/cgi-bin/message/template/send?access_token=" + api.token(config);
        assertNotEquals(first, api.post(send, body).path("msgid").asLong());
        JsonNode state = api.get("/control/state");
        assertEquals(2, state.path("received").path(openid).path("template").asInt());
        assertEquals(3, state.path("calls").path("message/template/send").asInt());
    }

    @Test
    void jobFinishEventsArriveByThemselvesAfterTheConfiguredDelay() throws InterruptedException {
        OaSandboxConfig config = OaSandboxConfig.defaults().withJobFinishDelayMillis(50);
        start(config);
        String token = api.token(config);
        String openid = follow("oFollower0000000000000000002", null, null);
        int before = received.size();
        api.post("/cgi-bin/message/template/send?access_token=" + token,
                "{\"touser\":\"" + openid + "\",\"template_id\":\"any\"}");
        synchronized (received) {
            long end = System.currentTimeMillis() + 5000;
            while (received.size() == before && System.currentTimeMillis() < end) {
                received.wait(100);
            }
        }
        assertEquals(before + 1, received.size());
        assertEquals("TEMPLATESENDJOBFINISH", plainGuard(config).openPlain(last()).field("Event"));
    }

    // ------------------------------------------------------------------ mass messages

    @Test
    void serviceAccountFollowersReceiveAtMostMassPerMonth() {
        OaSandboxConfig config = manual().withMassPerMonth(2);
        start(config);
        String token = api.token(config);
        String a = follow("oFollowerA", null, null);
        String b = follow("oFollowerB", null, null);
        String c = follow("oFollowerC", null, null);
        long tag = api.post("/cgi-bin/tags/create?access_token=" + token, "{\"tag\":{\"name\":\"VIP\"}}")
                .path("tag").path("id").asLong();
        assertEquals(0, errcode(api.post("/cgi-bin/tags/members/batchtagging?access_token=" + token,
                "{\"openid_list\":[\"" + a + "\",\"" + b + "\"],\"tagid\":" + tag + "}")));
        String sendall = "/cgi-bin/message/mass/sendall?access_token=" + token;

        JsonNode first = api.post(sendall, "{\"filter\":{\"is_to_all\":false,\"tag_id\":" + tag
                + "},\"msgtype\":\"text\",\"text\":{\"content\":\"春季上新\"}}");
        assertEquals(0, errcode(first));
        assertTrue(first.path("msg_id").asLong() > 0);
        assertTrue(first.path("msg_data_id").asLong() > 0);
        assertJob(config, first.path("msg_id").asText(), 2, 2, 2);

        assertJob(config, api.post(sendall, "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"text\",\"text\":{\"content\":\"二\"}}")
                .path("msg_id").asText(), 3, 3, 3);
        // a and b had their two this month; only c (not tagged, so one so far) gets the third
        assertJob(config, api.post(sendall, "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"text\",\"text\":{\"content\":\"三\"}}")
                .path("msg_id").asText(), 3, 1, 1);
        JsonNode state = api.get("/control/state");
        assertEquals(2, state.path("received").path(a).path("mass").asInt());
        assertEquals(2, state.path("received").path(c).path("mass").asInt());

        clock.advance(Duration.ofDays(30)); // April in Shanghai
        sendall = "/cgi-bin/message/mass/sendall?access_token=" + api.token(config);
        assertJob(config, api.post(sendall, "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"text\",\"text\":{\"content\":\"四\"}}")
                .path("msg_id").asText(), 3, 3, 3);

        assertEquals(45159, errcode(api.post(sendall, "{\"filter\":{\"tag_id\":9999},\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")));
        assertEquals(40008, errcode(api.post(sendall, "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"fax\"}")));
        assertEquals(47003, errcode(api.post(sendall, "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"text\",\"text\":{}}")));
        assertEquals(47001, errcode(api.post(sendall, "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")));

        api.control("fail-job", "{\"status\":\"err(30003)\"}");
        api.post(sendall, "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"text\",\"text\":{\"content\":\"五\"}}");
        api.control("finish-jobs", "{}");
        VerifiedCallback failed = plainGuard(config).openPlain(last());
        assertEquals("err(30003)", failed.field("Status"));
        assertEquals("0", failed.field("SentCount"));
    }

    private void assertJob(OaSandboxConfig config, String msgId, int total, int filter, int sent) {
        api.control("finish-jobs", "{}");
        VerifiedCallback job = plainGuard(config).openPlain(last());
        assertEquals("MASSSENDJOBFINISH", job.field("Event"));
        assertEquals(msgId, job.field("MsgID"));
        assertEquals("sendsuccess", job.field("Status"));
        assertEquals(Integer.toString(total), job.field("TotalCount"));
        assertEquals(Integer.toString(filter), job.field("FilterCount"));
        assertEquals(Integer.toString(sent), job.field("SentCount"));
        assertEquals("0", job.field("ErrorCount"));
    }

    @Test
    void aRepeatedClientmsgidIsRefusedWithTheFirstMsgId() {
        OaSandboxConfig config = manual();
        start(config);
        follow("oFollowerA", null, null);
        String sendall = "/cgi-bin/message/mass/sendall?access_token=" + api.token(config);
        String body = "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},"
                + "\"clientmsgid\":\"campaign-7\"}";
        long first = api.post(sendall, body).path("msg_id").asLong();
        JsonNode again = api.post(sendall, body);
        assertEquals(45065, errcode(again));
        assertEquals(first, again.path("msg_id").asLong());
        assertEquals(45067, errcode(api.post(sendall, "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"x\"},\"clientmsgid\":\"" + "k".repeat(65) + "\"}")));
        clock.advance(Duration.ofHours(25));
        sendall = "/cgi-bin/message/mass/sendall?access_token=" + api.token(config);
        assertEquals(0, errcode(api.post(sendall, body)));
        assertEquals(2, api.get("/control/state").path("received").path("oFollowerA").path("mass").asInt(),
                "the repeat within a day did not go out");
    }

    @Test
    void subscriptionAccountsMassSendOnceADay() {
        OaSandboxConfig config = manual().withAccountType(AccountType.SUBSCRIPTION);
        start(config);
        String token = api.token(config);
        follow("oFollowerA", null, null);
        String sendall = "/cgi-bin/message/mass/sendall?access_token=" + token;
        String body = "{\"filter\":{\"is_to_all\":true},\"msgtype\":\"text\",\"text\":{\"content\":\"早报\"}}";
        assertEquals(0, errcode(api.post(sendall, body)));
        assertEquals(45028, errcode(api.post(sendall, body)));
        clock.advance(Duration.ofHours(14)); // 00:00 the next day in Shanghai
        sendall = "/cgi-bin/message/mass/sendall?access_token=" + api.token(config);
        assertEquals(0, errcode(api.post(sendall, body)));
        assertEquals(45028, errcode(api.post(sendall, body)));
    }

    // ------------------------------------------------------------------ tags and users

    @Test
    void tagsHaveTheDocumentedLimits() {
        OaSandboxConfig config = manual();
        start(config);
        String token = api.token(config);
        String create = "/cgi-bin/tags/create?access_token=" + token;
        assertEquals(45158, errcode(api.post(create, "{\"tag\":{\"name\":\"" + "标签".repeat(5) + "十\"}}")),
                "11 Chinese characters are 33 bytes");
        JsonNode made = api.post(create, "{\"tag\":{\"name\":\"" + "标签".repeat(5) + "\"}}");
        assertEquals(0, errcode(made), "30 bytes fit");
        assertEquals(45157, errcode(api.post(create, "{\"tag\":{\"name\":\"" + "标签".repeat(5) + "\"}}")));
        for (int i = 1; i < OaSimulator.MAX_TAGS; i++) {
            assertEquals(0, errcode(api.post(create, "{\"tag\":{\"name\":\"t" + i + "\"}}")), "tag " + i);
        }
        assertEquals(45056, errcode(api.post(create, "{\"tag\":{\"name\":\"one too many\"}}")));
        assertEquals(OaSimulator.MAX_TAGS, api.get("/cgi-bin/tags/get?access_token=" + token).path("tags").size());

        long id = made.path("tag").path("id").asLong();
        assertEquals(45058, errcode(api.post("/cgi-bin/tags/delete?access_token=" + token, "{\"tag\":{\"id\":2}}")));
        assertEquals(0, errcode(api.post("/cgi-bin/tags/delete?access_token=" + token, "{\"tag\":{\"id\":" + id + "}}")));
        assertEquals(0, errcode(api.post(create, "{\"tag\":{\"name\":\"room again\"}}")));
    }

    @Test
    void batchTaggingTakesAtMostFiftyOpenids() {
        OaSandboxConfig config = manual();
        start(config);
        String token = api.token(config);
        List<String> openids = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            openids.add(follow(String.format("oBatch%022d", i), null, null));
        }
        long tag = api.post("/cgi-bin/tags/create?access_token=" + token, "{\"tag\":{\"name\":\"batch\"}}")
                .path("tag").path("id").asLong();
        String batch = "/cgi-bin/tags/members/batchtagging?access_token=" + token;
        assertEquals(40032, errcode(api.post(batch, list(openids, tag))));
        assertEquals(0, errcode(api.post(batch, list(openids.subList(0, 50), tag))));
        assertEquals(40032, errcode(api.post(batch, list(List.of(), tag))));
        assertEquals(45159, errcode(api.post(batch, list(openids.subList(50, 51), 4242))));
        assertEquals(40003, errcode(api.post(batch, list(List.of("oUnknown"), tag))));
        JsonNode tags = api.get("/cgi-bin/tags/get?access_token=" + token).path("tags");
        assertEquals(50, tags.get(0).path("count").asInt());

        // a follower carries at most 20 tags
        String one = openids.get(50);
        for (int i = 0; i < OaSimulator.MAX_TAGS_PER_FOLLOWER; i++) {
            long t = api.post("/cgi-bin/tags/create?access_token=" + token, "{\"tag\":{\"name\":\"f" + i + "\"}}")
                    .path("tag").path("id").asLong();
            assertEquals(0, errcode(api.post(batch, list(List.of(one), t))));
        }
        assertEquals(45059, errcode(api.post(batch, list(List.of(one), tag))));
        assertEquals(0, errcode(api.post("/cgi-bin/tags/members/batchuntagging?access_token=" + token,
                list(openids.subList(0, 10), tag))));
        assertEquals(40, api.get("/cgi-bin/tags/get?access_token=" + token).path("tags").get(0).path("count").asInt());
    }

    private static String list(List<String> openids, long tag) {
        return "{\"openid_list\":" + Api.JSON.valueToTree(openids) + ",\"tagid\":" + tag + "}";
    }

    @Test
    void userInfoDescribesFollowers() {
        OaSandboxConfig config = manual();
        start(config);
        String token = api.token(config);
        String openid = follow("oInfo", "uUnion1", "spring-fair");
        follow("oPlain", null, null);
        JsonNode info = api.get("/cgi-bin/user/info?lang=zh_CN&openid=" + openid + "&access_token=" + token);
        assertEquals(1, info.path("subscribe").asInt());
        assertEquals(openid, info.path("openid").asText());
        assertEquals("uUnion1", info.path("unionid").asText());
        assertEquals("", info.path("nickname").asText(), "nicknames are no longer given out");
        assertEquals("ADD_SCENE_QR_CODE", info.path("subscribe_scene").asText());
        assertEquals("spring-fair", info.path("qr_scene_str").asText());
        assertEquals(START.getEpochSecond(), info.path("subscribe_time").asLong());
        assertTrue(info.path("tagid_list").isArray());

        JsonNode plain = api.get("/cgi-bin/user/info?openid=oPlain&access_token=" + token);
        assertEquals("ADD_SCENE_SEARCH", plain.path("subscribe_scene").asText());
        assertFalse(plain.has("unionid"));
        assertEquals(40003, errcode(api.get("/cgi-bin/user/info?openid=oNobody&access_token=" + token)));

        JsonNode list = api.get("/cgi-bin/user/get?access_token=" + token);
        assertEquals(2, list.path("total").asInt());
        assertEquals(openid, list.path("data").path("openid").get(0).asText());

        api.control("unsubscribe", "{\"openid\":\"" + openid + "\"}");
        JsonNode gone = api.get("/cgi-bin/user/info?openid=" + openid + "&access_token=" + token);
        assertEquals(0, gone.path("subscribe").asInt());
        assertEquals("uUnion1", gone.path("unionid").asText());
        assertFalse(gone.has("subscribe_scene"));
        assertEquals(1, api.get("/cgi-bin/user/get?access_token=" + token).path("total").asInt());
    }

    @Test
    void permanentQrCodesHaveATicketAndComeBackInScans() {
        OaSandboxConfig config = manual();
        start(config);
        String token = api.token(config);
        String create = "/cgi-bin/qrcode/create?access_token=" + token;
        String body = "{\"action_name\":\"QR_LIMIT_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\"store-12\"}}}";
        JsonNode code = api.post(create, body);
        assertEquals(0, errcode(code));
        String ticket = code.path("ticket").asText();
        assertTrue(code.path("url").asText().startsWith("http://weixin.qq.com/q/"));
        assertFalse(code.has("expire_seconds"), "permanent");
        assertEquals(ticket, api.post(create, body).path("ticket").asText(), "the same scene, the same code");
        JsonNode temp = api.post(create, "{\"expire_seconds\":604800,\"action_name\":\"QR_STR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_str\":\"week\"}}}");
        assertEquals(604800, temp.path("expire_seconds").asInt());
        assertEquals(40053, errcode(api.post(create, "{\"action_name\":\"QR_LIMIT_STR_SCENE\",\"action_info\":{\"scene\":{}}}")));
        assertEquals(40053, errcode(api.post(create, "{\"action_name\":\"QR_SOMETHING\"}")));

        follow("oScanner", null, "store-12");
        assertEquals(ticket, plainGuard(config).openPlain(last()).field("Ticket"));
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void plainModeCallbacksVerifyWithTheKitsGuard() {
        OaSandboxConfig config = manual();
        start(config);
        CallbackGuard guard = plainGuard(config);

        Api.Answer subscribed = api.control("subscribe", "{\"openid\":\"oPlainFollower\",\"unionid\":\"uP\",\"scene\":\"fair\"}");
        assertEquals(200, subscribed.body().path("callback").path("status").asInt());
        CallbackRequest request = last();
        assertNull(request.queryParam("msg_signature"));
        assertNull(request.queryParam("encrypt_type"));
        assertEquals("oPlainFollower", request.queryParam("openid"));
        VerifiedCallback sub = guard.openPlain(request);
        assertEquals("event", sub.field("MsgType"));
        assertEquals("subscribe", sub.field("Event"));
        assertEquals("qrscene_fair", sub.field("EventKey"));
        assertEquals("oPlainFollower", sub.field("FromUserName"));
        assertEquals(Long.toString(START.getEpochSecond()), sub.field("CreateTime"));

        api.control("scan", "{\"openid\":\"oPlainFollower\",\"scene\":\"counter-3\"}");
        VerifiedCallback scan = guard.openPlain(last());
        assertEquals("SCAN", scan.field("Event"));
        assertEquals("counter-3", scan.field("EventKey"));

        Api.Answer wrote = api.control("message", "{\"openid\":\"oPlainFollower\",\"content\":\"你好\"}");
        VerifiedCallback text = guard.openPlain(last());
        assertEquals("text", text.field("MsgType"));
        assertEquals("你好", text.field("Content"));
        assertEquals(wrote.body().path("msgId").asText(), text.field("MsgId"));

        api.control("unsubscribe", "{\"openid\":\"oPlainFollower\"}");
        assertEquals("unsubscribe", guard.openPlain(last()).field("Event"));

        // a redelivery repeats the last callback byte for byte: a guard that accepted it calls it a replay
        CallbackRequest original = last();
        Api.Answer again = api.control("redeliver", "{\"times\":3}");
        assertEquals(3, again.body().path("callbacks").size());
        CallbackRequest repeated = last();
        assertArrayEquals(original.body(), repeated.body());
        assertEquals(original.query(), repeated.query());
        CallbackRejected replay = assertThrows(CallbackRejected.class, () -> guard.openPlain(repeated));
        assertEquals(CallbackRejected.Reason.REPLAYED, replay.reason());
        // resealed, it passes again
        api.control("redeliver", "{\"reseal\":true}");
        assertNotEquals(original.queryParam("nonce") + original.queryParam("timestamp"),
                last().queryParam("nonce") + last().queryParam("timestamp"));
        assertEquals("unsubscribe", guard.openPlain(last()).field("Event"));

        // another token's guard refuses them
        CallbackGuard other = new CallbackGuard(new CallbackGuard.Config("another", null, null, 300), clock);
        api.control("subscribe", "{\"openid\":\"oPlainFollower\"}");
        assertEquals(CallbackRejected.Reason.BAD_SIGNATURE,
                assertThrows(CallbackRejected.class, () -> other.openPlain(last())).reason());
        VerifiedCallback resub = guard.openPlain(last());
        assertEquals("", resub.field("EventKey"), "no scene, an empty EventKey");
    }

    @Test
    void safeModeCallbacksAreEncryptedForTheAppId() {
        OaSandboxConfig config = manual().withEncodingAesKey(KEY);
        start(config);
        CallbackGuard guard = new CallbackGuard(new CallbackGuard.Config(config.token(), KEY, config.appId(), 300), clock);
        api.control("subscribe", "{\"openid\":\"oSafeFollower\",\"scene\":\"mall\"}");
        CallbackRequest request = last();
        assertEquals("aes", request.queryParam("encrypt_type"));
        assertTrue(request.queryParam("msg_signature") != null && request.queryParam("signature") != null);
        assertFalse(request.bodyAsString().contains("oSafeFollower"), "the message is encrypted");
        assertTrue(request.bodyAsString().contains(config.originalId()));
        VerifiedCallback sub = guard.openEncrypted(request);
        assertEquals("subscribe", sub.field("Event"));
        assertEquals("qrscene_mall", sub.field("EventKey"));

        CallbackGuard otherApp = new CallbackGuard(new CallbackGuard.Config(config.token(), KEY, "wxanotherapp000001", 300),
                clock);
        api.control("message", "{\"openid\":\"oSafeFollower\",\"content\":\"hi\"}");
        assertEquals(CallbackRejected.Reason.WRONG_RECEIVER,
                assertThrows(CallbackRejected.class, () -> otherApp.openEncrypted(last())).reason());
        assertEquals("hi", guard.openEncrypted(last()).field("Content"));

        clock.advance(Duration.ofMinutes(10));
        CallbackRequest old = last();
        CallbackGuard fresh = new CallbackGuard(new CallbackGuard.Config(config.token(), KEY, config.appId(), 300), clock);
        assertEquals(CallbackRejected.Reason.STALE_TIMESTAMP,
                assertThrows(CallbackRejected.class, () -> fresh.openEncrypted(old)).reason());
    }

    @Test
    void controlRefusesWhatUsersCannotDo() {
        start(manual());
        follow("oTwice", null, null);
        Api.Answer twice = api.control("subscribe", "{\"openid\":\"oTwice\"}");
        assertEquals(409, twice.status());
        assertEquals(409, twice.body().path("errcode").asInt(), "control answers carry errcode/errmsg like the API");
        assertTrue(twice.body().path("errmsg").asText().contains("already a follower"));
        assertEquals(0, api.control("block", "{\"openid\":\"oTwice\"}").body().path("errcode").asInt());
        assertEquals(404, api.control("unsubscribe", "{\"openid\":\"oNever\"}").status());
        assertEquals(409, api.control("message", "{\"openid\":\"oNever\",\"content\":\"x\"}").status());
        assertEquals(400, api.control("scan", "{\"openid\":\"oTwice\"}").status());
        assertEquals(404, api.control("nothing", "{}").status());
        // a scan by someone who does not follow yet is a subscribe with the scene
        api.control("scan", "{\"openid\":\"oNewcomer\",\"scene\":\"door\"}");
        VerifiedCallback cb = plainGuard(sim.config()).openPlain(last());
        assertEquals("subscribe", cb.field("Event"));
        assertEquals("qrscene_door", cb.field("EventKey"));
        // without an openid the sandbox makes one up, shaped like the platform's
        String made = api.control("subscribe", "{}").body().path("openid").asText();
        assertEquals(28, made.length());
        assertTrue(made.startsWith("o"));
    }

    @Test
    void stateSurvivesARestartThroughTheStateFile(@TempDir Path dir) {
        OaSandboxConfig config = manual().withStateFile(dir.resolve("oa-state.json"));
        start(config);
        String token = api.token(config);
        follow("oKept", "uKept", "kept-scene");
        api.post("/cgi-bin/tags/create?access_token=" + token, "{\"tag\":{\"name\":\"kept\"}}");
        api.post("/cgi-bin/message/template/send?access_token=" + token, "{\"touser\":\"oKept\",\"template_id\":\"t\"}");
        server.close();

        start(config);
        assertEquals(0, errcode(api.get("/cgi-bin/tags/get?access_token=" + token)), "the token is kept too");
        JsonNode info = api.get("/cgi-bin/user/info?openid=oKept&access_token=" + token);
        assertEquals("uKept", info.path("unionid").asText());
        assertEquals("kept", api.get("/cgi-bin/tags/get?access_token=" + token).path("tags").get(0).path("name").asText());
        JsonNode state = api.get("/control/state");
        assertEquals(1, state.path("pendingJobs").size(), "the job-finish event is still due");
        assertEquals(1, api.control("finish-jobs", "{}").body().path("delivered").asInt());
    }
}
