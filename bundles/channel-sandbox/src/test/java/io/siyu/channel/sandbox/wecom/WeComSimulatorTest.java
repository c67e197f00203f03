package io.siyu.channel.sandbox.wecom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.channel.kit.CallbackGuard;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.VerifiedCallback;
import io.siyu.channel.sandbox.CallbackTransport;
import io.siyu.channel.sandbox.SandboxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeComSimulatorTest {
    /** 10:00 in Shanghai. */
    private static final Instant START = Instant.parse("2026-03-02T02:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private SandboxServer server;
    private Api api;
    private final List<CallbackRequest> received = new ArrayList<>();

    private WeComSimulator start(WeComSandboxConfig config) {
        WeComSimulator sim = new WeComSimulator(config, clock);
        sim.callbackTransport((url, query, body) -> {
            Map<String, List<String>> q = query.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
            synchronized (received) {
                received.add(new CallbackRequest("POST", q, Map.of(), body));
            }
            return new CallbackTransport.Reply(200, "");
        });
        server = SandboxServer.start(0, Map.of(SandboxServer.WECOM, sim));
        api = new Api(server.base(SandboxServer.WECOM));
        return sim;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tokensAreCheckedAndExpire() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults().withTokenTtlSeconds(600);
        start(config);
        assertEquals(40001, api.get("/cgi-bin/gettoken?corpid=" + config.corpId() + "&corpsecret=wrong")
                .path("errcode").asInt());
        assertEquals(40013, api.get("/cgi-bin/gettoken?corpid=other&corpsecret=x").path("errcode").asInt());
        JsonNode issued = api.get("/cgi-bin/gettoken?corpid=" + config.corpId() + "&corpsecret=" + config.corpSecret());
        assertEquals(0, issued.path("errcode").asInt());
        assertEquals(600, issued.path("expires_in").asInt());
        String token = issued.path("access_token").asText();

        clock.advance(Duration.ofSeconds(100));
        JsonNode again = api.get("/cgi-bin/gettoken?corpid=" + config.corpId() + "&corpsecret=" + config.corpSecret());
        assertEquals(token, again.path("access_token").asText(), "the same token while it is valid");
        assertEquals(500, again.path("expires_in").asInt());

        assertEquals(0, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt());
        assertEquals(41001, api.get("/cgi-bin/externalcontact/list?userid=u1").path("errcode").asInt());
        assertEquals(40014, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=nonsense").path("errcode").asInt());
        assertEquals(43002, api.get("/cgi-bin/externalcontact/add_msg_template?access_token=" + token).path("errcode").asInt());

        clock.advance(Duration.ofSeconds(500));
        assertEquals(42001, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt());
        String fresh = api.token(config);
        assertNotEquals(token, fresh);
        assertEquals(0, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + fresh).path("errcode").asInt());
    }

    @Test
    void frequencyLimitBlocksUntilTheMinuteIsOver() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults().withCallsPerMinute(5);
        start(config);
        String token = api.token(config); // call 1
        for (int i = 2; i <= 5; i++) {
            assertEquals(0, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt());
        }
        assertEquals(45009, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(45009, api.get("/cgi-bin/gettoken?corpid=" + config.corpId() + "&corpsecret=" + config.corpSecret())
                .path("errcode").asInt(), "every call is refused while blocked");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt());
    }

    @Test
    void massMessageWaitsForConfirmationThenMeetsTheDailyQuota() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        api.post("/control/contacts", "{\"userid\":\"u1\",\"external_userids\":[\"wmA\",\"wmB\",\"wmC\"]}");
        api.post("/control/contacts", "{\"userid\":\"u2\",\"external_userids\":[\"wmD\"]}");
        String token = api.token(config);

        JsonNode created = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"chat_type\":\"single\",\"sender\":\"u1\",\"external_userid\":[\"wmA\",\"wmB\",\"wmD\",\"wmUnknown\"],"
                        + "\"text\":{\"content\":\"spring sale\"}}");
        assertEquals(0, created.path("errcode").asInt(), created.toString());
        assertEquals("[\"wmUnknown\"]", created.path("fail_list").toString());
        String msgid = created.path("msgid").asText();

        JsonNode tasks = api.post("/cgi-bin/externalcontact/get_groupmsg_task?access_token=" + token,
                "{\"msgid\":\"" + msgid + "\"}");
        assertEquals(0, tasks.path("task_list").get(0).path("status").asInt());
        Map<String, Integer> before = results(token, msgid, "u1");
        assertEquals(Map.of("wmA", 0, "wmB", 0, "wmD", 0), before, "nothing is sent before the staff member confirms");
        assertEquals(0, api.get("/control/state").path("delivered").asInt());

        JsonNode confirmed = api.post("/control/confirm", "{\"msgid\":\"" + msgid + "\",\"userid\":\"u1\"}");
        assertEquals(2, confirmed.path("sent").asInt());
        assertEquals(1, confirmed.path("not_friend").asInt());
        assertEquals(Map.of("wmA", 1, "wmB", 1, "wmD", 2), results(token, msgid, "u1"));
        assertEquals(2, api.post("/cgi-bin/externalcontact/get_groupmsg_task?access_token=" + token,
                "{\"msgid\":\"" + msgid + "\"}").path("task_list").get(0).path("status").asInt());

        // a second mass message the same Shanghai day: over the quota of 1 for wmA, fine for wmC
        String second = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"sender\":\"u1\",\"external_userid\":[\"wmA\",\"wmC\"],\"text\":{\"content\":\"again\"}}")
                .path("msgid").asText();
        api.post("/control/confirm", "{\"msgid\":\"" + second + "\",\"userid\":\"u1\"}");
        assertEquals(Map.of("wmA", 3, "wmC", 1), results(token, second, "u1"));

        // 14 hours later it is the next day in Shanghai (00:00 local), the quota starts again
        clock.advance(Duration.ofHours(14));
        token = api.token(config);
        String third = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"sender\":\"u1\",\"external_userid\":[\"wmA\"],\"text\":{\"content\":\"new day\"}}")
                .path("msgid").asText();
        api.post("/control/confirm", "{\"msgid\":\"" + third + "\",\"userid\":\"u1\"}");
        assertEquals(Map.of("wmA", 1), results(token, third, "u1"));

        JsonNode state = api.get("/control/state");
        assertEquals(2, state.path("received").path("wmA").asInt());
        assertEquals(1, state.path("received").path("wmB").asInt());
        assertEquals(1, state.path("received").path("wmC").asInt());
        assertTrue(state.path("received").path("wmD").isMissingNode());
        assertEquals(4, state.path("delivered").asInt());
    }

    @Test
    void confirmingTwiceDeliversOnce() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        api.post("/control/contacts", "{\"userid\":\"u1\",\"external_userids\":[\"wmA\"]}");
        String token = api.token(config);
        String msgid = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"sender\":\"u1\",\"external_userid\":[\"wmA\"],\"text\":{\"content\":\"hi\"}}").path("msgid").asText();
        api.post("/control/confirm", "{\"msgid\":\"" + msgid + "\"}");
        JsonNode again = api.post("/control/confirm", "{\"msgid\":\"" + msgid + "\"}");
        assertTrue(again.path("already_sent").asBoolean());
        assertEquals(1, api.get("/control/state").path("received").path("wmA").asInt());
    }

    @Test
    void sendResultsPageWithACursor() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        api.post("/control/contacts", "{\"userid\":\"u1\",\"count\":2500}");
        String token = api.token(config);
        // no external_userid list: every customer of the sender
        String msgid = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"sender\":\"u1\",\"text\":{\"content\":\"all\"}}").path("msgid").asText();
        api.post("/control/confirm", "{\"msgid\":\"" + msgid + "\"}");
        Set<String> seen = new HashSet<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = api.post("/cgi-bin/externalcontact/get_groupmsg_send_result?access_token=" + token,
                    "{\"msgid\":\"" + msgid + "\",\"userid\":\"u1\",\"limit\":1000,\"cursor\":\"" + cursor + "\"}");
            assertTrue(page.path("send_list").size() <= 1000);
            page.path("send_list").forEach(r -> {
                assertEquals(1, r.path("status").asInt());
                seen.add(r.path("external_userid").asText());
            });
            cursor = page.path("next_cursor").asText();
            pages++;
        } while (!cursor.isEmpty());
        assertEquals(3, pages);
        assertEquals(2500, seen.size());
    }

    @Test
    void massMessagesAreValidatedAsDocumented() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        String token = api.token(config);
        String path = "/cgi-bin/externalcontact/add_msg_template?access_token=" + token;
        ObjectNode tooMany = Api.JSON.createObjectNode().put("sender", "u1");
        tooMany.putObject("text").put("content", "x");
        ArrayNode ids = tooMany.putArray("external_userid");
        for (int i = 0; i <= WeComSimulator.MAX_EXTERNAL_USERIDS; i++) {
            ids.add("wm" + i);
        }
        assertEquals(40058, api.post(path, tooMany.toString()).path("errcode").asInt());
        assertEquals(40058, api.post(path, "{\"external_userid\":[\"wmA\"],\"text\":{\"content\":\"x\"}}")
                .path("errcode").asInt(), "sender is required");
        assertEquals(45002, api.post(path, "{\"sender\":\"u1\",\"text\":{\"content\":\"" + "字".repeat(1334) + "\"}}")
                .path("errcode").asInt(), "4,002 bytes of text");
        assertEquals(0, api.post(path, "{\"sender\":\"u1\",\"text\":{\"content\":\"" + "字".repeat(1333) + "\"}}")
                .path("errcode").asInt(), "3,999 bytes of text");
        String image = "{\"msgtype\":\"image\",\"image\":{\"pic_url\":\"https://example.com/a.png\"}}";
        assertEquals(40058, api.post(path, "{\"sender\":\"u1\",\"attachments\":[" + String.join(",", List.of(
                image, image, image, image, image, image, image, image, image, image)) + "]}").path("errcode").asInt());
        assertEquals(0, api.post(path, "{\"sender\":\"u1\",\"attachments\":[" + image + "]}").path("errcode").asInt());
        assertEquals(40008, api.post(path, "{\"sender\":\"u1\",\"attachments\":[{\"msgtype\":\"voice\"}]}")
                .path("errcode").asInt());
        assertEquals(40058, api.post(path, "{\"sender\":\"u1\",\"chat_type\":\"everyone\",\"text\":{\"content\":\"x\"}}")
                .path("errcode").asInt());
        assertEquals(47001, api.post(path, "not json").path("errcode").asInt());
    }

    @Test
    void groupMessagesGoToKnownChats() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        api.post("/control/groupchat", "{\"chat_id\":\"wrG1\",\"owner\":\"u1\",\"members\":[\"wmA\"]}");
        String token = api.token(config);
        JsonNode created = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"chat_type\":\"group\",\"sender\":\"u1\",\"chat_id_list\":[\"wrG1\",\"wrNope\"],\"text\":{\"content\":\"hi all\"}}");
        assertEquals("[\"wrNope\"]", created.path("fail_list").toString());
        String msgid = created.path("msgid").asText();
        api.post("/control/confirm", "{\"msgid\":\"" + msgid + "\"}");
        JsonNode result = api.post("/cgi-bin/externalcontact/get_groupmsg_send_result?access_token=" + token,
                "{\"msgid\":\"" + msgid + "\",\"userid\":\"u1\"}");
        assertEquals("wrG1", result.path("send_list").get(0).path("chat_id").asText());
        assertEquals(1, result.path("send_list").get(0).path("status").asInt());
    }

    @Test
    void groupMessageListFindsMessagesBySenderAndTime() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        api.post("/control/contacts", "{\"userid\":\"u1\",\"external_userids\":[\"wmA\"]}");
        String token = api.token(config);
        String msgid = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"sender\":\"u1\",\"external_userid\":[\"wmA\"],\"text\":{\"content\":\"find me\"}}").path("msgid").asText();
        long t = START.getEpochSecond();
        String path = "/cgi-bin/externalcontact/get_groupmsg_list_v2?access_token=" + token;
        JsonNode found = api.post(path, "{\"chat_type\":\"single\",\"start_time\":" + (t - 60) + ",\"end_time\":" + (t + 60)
                + ",\"creator\":\"u1\",\"filter_type\":0}");
        assertEquals(1, found.path("group_msg_list").size());
        assertEquals(msgid, found.path("group_msg_list").get(0).path("msgid").asText());
        assertEquals("find me", found.path("group_msg_list").get(0).path("text").path("content").asText());
        assertEquals(0, api.post(path, "{\"chat_type\":\"single\",\"start_time\":" + (t - 60) + ",\"end_time\":"
                + (t + 60) + ",\"creator\":\"u2\"}").path("group_msg_list").size());
        assertEquals(0, api.post(path, "{\"chat_type\":\"single\",\"start_time\":" + (t + 1) + ",\"end_time\":"
                + (t + 60) + "}").path("group_msg_list").size());
        assertEquals(40058, api.post(path, "{\"start_time\":" + t + ",\"end_time\":" + (t + 40 * 86_400) + "}")
                .path("errcode").asInt());
    }

    @Test
    void remindAtMostThreeTimesADayAndCancelStopsConfirmation() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        api.post("/control/contacts", "{\"userid\":\"u1\",\"external_userids\":[\"wmA\"]}");
        String token = api.token(config);
        String msgid = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"sender\":\"u1\",\"text\":{\"content\":\"x\"}}").path("msgid").asText();
        String remind = "/cgi-bin/externalcontact/remind_groupmsg_send?access_token=" + token;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, api.post(remind, "{\"msgid\":\"" + msgid + "\"}").path("errcode").asInt());
        }
        assertEquals(40058, api.post(remind, "{\"msgid\":\"" + msgid + "\"}").path("errcode").asInt());
        assertEquals(0, api.post("/cgi-bin/externalcontact/cancel_groupmsg_send?access_token=" + token,
                "{\"msgid\":\"" + msgid + "\"}").path("errcode").asInt());
        assertEquals(409, api.status("POST", "/control/confirm", "{\"msgid\":\"" + msgid + "\"}"));
        assertEquals(0, api.get("/control/state").path("delivered").asInt());
    }

    @Test
    void welcomeCodesAreValidTwentySecondsAndOnce() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        String token = api.token(config);
        String code = api.post("/control/scan", "{\"userid\":\"u1\",\"state\":\"store-42\",\"name\":\"Li\"}")
                .path("welcome_code").asText();
        clock.advance(Duration.ofSeconds(19));
        String path = "/cgi-bin/externalcontact/send_welcome_msg?access_token=" + token;
        assertEquals(0, api.post(path, "{\"welcome_code\":\"" + code + "\",\"text\":{\"content\":\"welcome\"}}")
                .path("errcode").asInt());
        assertEquals(41051, api.post(path, "{\"welcome_code\":\"" + code + "\",\"text\":{\"content\":\"welcome\"}}")
                .path("errcode").asInt(), "used once already");

        String late = api.post("/control/scan", "{\"userid\":\"u1\",\"name\":\"Wang\"}").path("welcome_code").asText();
        clock.advance(Duration.ofSeconds(21));
        assertEquals(41051, api.post(path, "{\"welcome_code\":\"" + late + "\",\"text\":{\"content\":\"welcome\"}}")
                .path("errcode").asInt(), "after 20 s");
        assertEquals(1, api.get("/control/state").path("welcomed").size());
    }

    @Test
    void scanSendsACallbackTheKitsGuardVerifiesAndDecrypts() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        JsonNode scanned = api.post("/control/scan",
                "{\"userid\":\"u1\",\"state\":\"store-42\",\"name\":\"Li Lei\",\"unionid\":\"ouLiLei\"}");
        assertEquals(200, scanned.path("callback").path("status").asInt());
        String externalUserId = scanned.path("external_userid").asText();

        CallbackGuard guard = new CallbackGuard(new CallbackGuard.Config(config.token(), config.encodingAesKey(),
                config.corpId(), 300), clock);
        CallbackRequest request = received.get(0);
        VerifiedCallback callback = guard.openEncrypted(request);
        assertEquals("event", callback.field("MsgType"));
        assertEquals("change_external_contact", callback.field("Event"));
        assertEquals("add_external_contact", callback.field("ChangeType"));
        assertEquals("u1", callback.field("UserID"));
        assertEquals(externalUserId, callback.field("ExternalUserID"));
        assertEquals("store-42", callback.field("State"));
        assertEquals(scanned.path("welcome_code").asText(), callback.field("WelcomeCode"));
        assertEquals(Long.toString(START.getEpochSecond()), callback.field("CreateTime"));
        assertEquals(config.corpId(), callback.field("ToUserName"));

        CallbackRejected replay = assertThrows(CallbackRejected.class, () -> guard.openEncrypted(request));
        assertEquals(CallbackRejected.Reason.REPLAYED, replay.reason());
        CallbackGuard otherCorp = new CallbackGuard(new CallbackGuard.Config(config.token(), config.encodingAesKey(),
                "wwanothercorp", 300), clock);
        assertEquals(CallbackRejected.Reason.WRONG_RECEIVER,
                assertThrows(CallbackRejected.class, () -> otherCorp.openEncrypted(request)).reason());

        JsonNode contact = api.get("/cgi-bin/externalcontact/get?external_userid=" + externalUserId + "&access_token="
                + api.token(config));
        assertEquals("Li Lei", contact.path("external_contact").path("name").asText());
        assertEquals("ouLiLei", contact.path("external_contact").path("unionid").asText());
        assertEquals("store-42", contact.path("follow_user").get(0).path("state").asText());
        assertEquals("u1", contact.path("follow_user").get(0).path("userid").asText());

        // the same person adding a second staff member keeps the external_userid
        JsonNode second = api.post("/control/scan", "{\"userid\":\"u2\",\"unionid\":\"ouLiLei\"}");
        assertEquals(externalUserId, second.path("external_userid").asText());
        assertTrue(api.post("/control/scan", "{\"userid\":\"u2\",\"unionid\":\"ouLiLei\"}").path("already_contact").asBoolean());
        assertEquals(2, received.size(), "no event when they are contacts already");
    }

    @Test
    void messagesRemovalsReplaysAndRedeliveriesAreCallbacksToo() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        String id = api.post("/control/scan", "{\"userid\":\"u1\"}").path("external_userid").asText();
        api.post("/control/message", "{\"external_userid\":\"" + id + "\",\"content\":\"hello\"}");
        api.post("/control/remove", "{\"external_userid\":\"" + id + "\",\"userid\":\"u1\"}");
        api.post("/control/replay", "{}");
        api.post("/control/redeliver", "{\"index\":1}");
        assertEquals(5, received.size());
        CallbackGuard guard = new CallbackGuard(new CallbackGuard.Config(config.token(), config.encodingAesKey(),
                config.corpId(), 300), clock);
        guard.openEncrypted(received.get(0));
        VerifiedCallback text = guard.openEncrypted(received.get(1));
        assertEquals("text", text.field("MsgType"));
        assertEquals("hello", text.field("Content"));
        assertEquals(id, text.field("FromUserName"));
        VerifiedCallback removed = guard.openEncrypted(received.get(2));
        assertEquals("del_follow_user", removed.field("ChangeType"));
        assertEquals(CallbackRejected.Reason.REPLAYED,
                assertThrows(CallbackRejected.class, () -> guard.openEncrypted(received.get(3))).reason());
        // redelivered: the same message sealed anew, which the guard accepts
        VerifiedCallback again = guard.openEncrypted(received.get(4));
        assertEquals("del_follow_user", again.field("ChangeType"));
        assertFalse(api.get("/control/callbacks").isEmpty());
    }

    @Test
    void contactWaysHaveAStateAndAQrCode() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        String token = api.token(config);
        String add = "/cgi-bin/externalcontact/add_contact_way?access_token=" + token;
        assertEquals(40058, api.post(add, "{\"type\":1,\"scene\":2,\"state\":\"" + "s".repeat(31) + "\",\"user\":[\"u1\"]}")
                .path("errcode").asInt());
        assertEquals(40058, api.post(add, "{\"type\":1,\"scene\":2,\"user\":[\"u1\",\"u2\"]}").path("errcode").asInt());
        JsonNode created = api.post(add, "{\"type\":2,\"scene\":2,\"state\":\"poster-7\",\"user\":[\"u1\",\"u2\"]}");
        String configId = created.path("config_id").asText();
        assertFalse(configId.isEmpty());
        assertTrue(created.path("qr_code").asText().startsWith(server.base(SandboxServer.WECOM)));
        JsonNode got = api.post("/cgi-bin/externalcontact/get_contact_way?access_token=" + token,
                "{\"config_id\":\"" + configId + "\"}");
        assertEquals("poster-7", got.path("contact_way").path("state").asText());

        JsonNode scanned = api.post("/control/scan", "{\"config_id\":\"" + configId + "\"}");
        assertEquals("poster-7", scanned.path("state").asText());
        assertTrue(Set.of("u1", "u2").contains(scanned.path("userid").asText()));

        String del = "/cgi-bin/externalcontact/del_contact_way?access_token=" + token;
        assertEquals(0, api.post(del, "{\"config_id\":\"" + configId + "\"}").path("errcode").asInt());
        assertEquals(40058, api.post(del, "{\"config_id\":\"" + configId + "\"}").path("errcode").asInt());
    }

    @Test
    void unknownContactsAnswer84061AndFaultsCanBeInjected() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        start(config);
        String token = api.token(config);
        assertEquals(84061, api.get("/cgi-bin/externalcontact/get?external_userid=wmNobody&access_token=" + token)
                .path("errcode").asInt());
        api.post("/control/fail", "{\"api\":\"externalcontact/list\",\"errcode\":-1,\"times\":2}");
        assertEquals(-1, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt());
        assertEquals(-1, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt());
        assertEquals(0, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt());
        assertEquals(404, api.status("GET", "/cgi-bin/externalcontact/unknown_api", null));
    }

    @Test
    void stateSurvivesARestartThroughTheStateFile(@TempDir Path dir) {
        WeComSandboxConfig config = WeComSandboxConfig.defaults().withStateFile(dir.resolve("wecom.json"));
        start(config);
        api.post("/control/contacts", "{\"userid\":\"u1\",\"external_userids\":[\"wmA\",\"wmB\"]}");
        String token = api.token(config);
        String msgid = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"sender\":\"u1\",\"text\":{\"content\":\"x\"}}").path("msgid").asText();
        api.post("/control/confirm", "{\"msgid\":\"" + msgid + "\"}");
        server.close();

        start(config);
        JsonNode state = api.get("/control/state");
        assertEquals(2, state.path("delivered").asInt());
        assertEquals(1, state.path("received").path("wmA").asInt());
        assertEquals(0, api.get("/cgi-bin/externalcontact/list?userid=u1&access_token=" + token).path("errcode").asInt(),
                "tokens survive too");
        // the quota still counts what was delivered before the restart
        String second = api.post("/cgi-bin/externalcontact/add_msg_template?access_token=" + token,
                "{\"sender\":\"u1\",\"external_userid\":[\"wmA\"],\"text\":{\"content\":\"y\"}}").path("msgid").asText();
        api.post("/control/confirm", "{\"msgid\":\"" + second + "\"}");
        assertEquals(Map.of("wmA", 3), results(token, second, "u1"));
    }

    private Map<String, Integer> results(String token, String msgid, String userid) {
        JsonNode page = api.post("/cgi-bin/externalcontact/get_groupmsg_send_result?access_token=" + token,
                "{\"msgid\":\"" + msgid + "\",\"userid\":\"" + userid + "\"}");
        assertEquals(0, page.path("errcode").asInt(), page.toString());
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        page.path("send_list").forEach(r -> out.put(r.path("external_userid").asText(), r.path("status").asInt()));
        return out;
    }
}
