package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.karaf.features.FeaturesService;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The WeCom channel in the distribution, against the sandbox: accounts from files in etc/, a
 * customer arriving through a channel code, callback security, and 10,000 messages delivered
 * exactly once while the adapter is uninstalled, reinstalled and updated.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ChannelIT extends InContainer {
    private static final String CORP = "wwsandbox0000000001";
    private static final String CONTROL = "/siyu/sandbox/wecom/control/";
    private static final int HOT_SWAP_MESSAGES = Integer.getInteger("siyu.it.hotswap.messages", 10_000);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        return ExamOptions.distribution().toArray(new Option[0]);
    }

    private static Path etc(String file) {
        return Path.of(System.getProperty("karaf.etc"), file);
    }

    private static int port() {
        return Integer.getInteger("siyu.it.http.port");
    }

    private HttpResponse<String> sandbox(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + CONTROL + path))
                .timeout(Duration.ofSeconds(30));
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> callback(String method, String query, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port()
                + "/siyu/callback/wecom/it" + query)).timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void channelsUp() throws Exception {
        features.addRepository(URI.create(ExamOptions.FEATURES_URL));
        for (String f : List.of("siyu-channel-sandbox", "siyu-channel-wecom")) {
            if (!features.isInstalled(features.getFeature(f))) {
                features.installFeature(f, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            }
        }
        Files.writeString(etc("io.siyu.channel.sandbox.cfg"), "callbackUrl = http://localhost:" + port()
                + "/siyu/callback/wecom/it\ncallsPerMinute = 10000000\n");
        Files.writeString(etc("io.siyu.channel.wecom-it.cfg"), String.join("\n", "corpId = " + CORP,
                "secret = sandbox-corp-secret", "token = sandboxtoken",
                "encodingAesKey = abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "apiBase = http://localhost:" + port() + "/siyu/sandbox/wecom", "resultPollSeconds = 1", ""));
        HttpResponse<String> up = eventually(Duration.ofSeconds(60), () -> asAdmin("GET", "/channels/wecom/it", null),
                r -> r.statusCode() == 200 && r.body().contains("\"status\":\"up\""));
        assertEquals(up.body(), 200, up.statusCode());
    }

    private static long idOf(String json) {
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(json);
        assertTrue("no id in " + json, m.find());
        return Long.parseLong(m.group(1));
    }

    /**
     * POSTs with quiet hours (21:00-08:00 in Shanghai) lifted for the moment, since the touch policy
     * would hold the message back at night and this test runs at any hour.
     */
    private HttpResponse<String> outsideQuietHours(String path, String body) throws Exception {
        String quietHours = find(asAdmin("GET", "/policy/settings", null).body(), "\"quietHours\":(\\{[^}]*\\})");
        assertEquals(200, asAdmin("PUT", "/policy/settings", "{\"quietHours\":{\"from\":\"00:00\",\"until\":\"00:00\"}}")
                .statusCode());
        try {
            return asAdmin("POST", path, body);
        } finally {
            assertEquals(200, asAdmin("PUT", "/policy/settings", "{\"quietHours\":" + quietHours + "}").statusCode());
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue("no " + regex + " in " + text, m.find());
        return m.group(1);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue("no " + name + " in " + json, m.find());
        return m.group(1);
    }

    @Test
    public void a_anAccountComesUpWhenItsFileAppearsInEtcAndGoesWhenTheFileIsDeleted() throws Exception {
        awaitHealthy();
        Map<String, Long> before = HotSwap.coreBundles(this);
        channelsUp();
        Files.writeString(etc("io.siyu.channel.wecom-popup.cfg"), "corpId = " + CORP
                + "\nsecret = sandbox-corp-secret\ntoken = sandboxtoken\n"
                + "encodingAesKey = abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n"
                + "apiBase = http://localhost:" + port() + "/siyu/sandbox/wecom\n");
        HttpResponse<String> popup = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/channels", null),
                r -> r.body().contains("\"channel\":\"wecom/popup\""));
        assertTrue(popup.body(), popup.body().contains("\"channel\":\"wecom/it\""));
        assertFalse("no secret in the API", popup.body().contains("sandbox-corp-secret"));
        String console = execute("siyu:channel-status wecom/popup");
        assertTrue(console, console.contains("UP") && !console.contains("sandbox-corp-secret"));
        Files.delete(etc("io.siyu.channel.wecom-popup.cfg"));
        HttpResponse<String> gone = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/channels", null),
                r -> !r.body().contains("wecom/popup"));
        assertFalse(gone.body(), gone.body().contains("wecom/popup"));
        assertEquals("installing channels never touches the core", before, HotSwap.coreBundles(this));
    }

    @Test
    public void b_aCustomerAddedThroughAChannelCodeIsAttributedTaggedAndWelcomed() throws Exception {
        channelsUp();
        HttpResponse<String> tag = asAdmin("POST", "/tags", "{\"group\":\"渠道\",\"name\":\"IT-门店海报\"}");
        assertEquals(tag.body(), 201, tag.statusCode());
        long tagId = idOf(tag.body());
        HttpResponse<String> code = asAdmin("POST", "/channel-codes", "{\"name\":\"IT-徐汇店海报\",\"channel\":\"wecom/it\","
                + "\"staffUserIds\":[\"zhangsan\"],\"tagIds\":[" + tagId + "],\"welcomeText\":\"{name}您好，欢迎！\"}");
        assertEquals(code.body(), 201, code.statusCode());
        String state = field(code.body(), "state");
        assertTrue(code.body(), code.body().contains("\"qrCodeUrl\":\"http"));

        HttpResponse<String> scan = sandbox("POST", "scan", "{\"state\":\"" + state
                + "\",\"userid\":\"zhangsan\",\"name\":\"韩梅梅\",\"unionid\":\"o-union-it-1\"}");
        assertEquals(scan.body(), 200, scan.statusCode());
        String external = field(scan.body(), "external_userid");

        HttpResponse<String> tagged = eventually(Duration.ofSeconds(30),
                () -> asAdmin("GET", "/customers?tag=" + tagId, null), r -> r.body().contains(external));
        assertTrue(tagged.body(), tagged.body().contains(external));
        long customer = idOf(tagged.body());
        HttpResponse<String> profile = asAdmin("GET", "/customers/" + customer, null);
        assertTrue(profile.body(), profile.body().contains("\"entryPoint\":\"IT-徐汇店海报\""));
        assertTrue(profile.body(), profile.body().contains("\"sourceChannel\":\"wecom\""));
        assertTrue(profile.body(), profile.body().contains("o-union-it-1"));
        assertTrue(profile.body(), profile.body().contains("contact.added"));

        HttpResponse<String> welcomed = eventually(Duration.ofSeconds(20),
                () -> sandbox("GET", "state?external_userid=" + external, null),
                r -> r.body().contains("\"welcomed\":{\"" + external + "\":1}"));
        assertTrue(welcomed.body(), welcomed.body().contains("\"welcomed\":{\"" + external + "\":1}"));

        // A 1:1 message through the touch policy and the outbox, confirmed by the staff member in the sandbox.
        String direct = "{\"idempotencyKey\":\"it-direct-1\",\"channel\":\"wecom/it\",\"kind\":\"direct\","
                + "\"recipients\":[{\"type\":\"wecom\",\"namespace\":\"" + CORP + "\",\"value\":\"" + external
                + "\"}],\"text\":\"订单已发货\",\"sender\":\"zhangsan\"";
        HttpResponse<String> noScenario = asAdmin("POST", "/messages", direct + "}");
        assertEquals(noScenario.body(), 409, noScenario.statusCode());
        assertTrue(noScenario.body(), noScenario.body().contains("touch-blocked")
                && noScenario.body().contains("\"field\":\"recipients[0]\"") && noScenario.body().contains("scenario: "));
        assertEquals("nothing was queued", 404, asAdmin("GET", "/outbox/it-direct-1", null).statusCode());
        HttpResponse<String> unknown = asAdmin("POST", "/messages", direct.replace(external, "wm-nobody")
                + ",\"scenario\":\"after_sales\"}");
        assertEquals(unknown.body(), 400, unknown.statusCode());
        HttpResponse<String> noReason = asAdmin("POST", "/messages", direct + ",\"policy\":\"bypass\"}");
        assertEquals(noReason.body(), 400, noReason.statusCode());
        assertTrue(noReason.body(), noReason.body().contains("\"field\":\"reason\""));
        HttpResponse<String> queued = outsideQuietHours("/messages", direct + ",\"scenario\":\"after_sales\"}");
        assertEquals(queued.body(), 202, queued.statusCode());
        HttpResponse<String> sent = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/outbox/it-direct-1", null),
                r -> r.body().contains("\"state\":\"sent\""));
        String msgid = field(sent.body(), "providerMessageId");
        assertEquals(200, sandbox("POST", "confirm", "{\"msgid\":\"" + msgid + "\",\"userid\":\"zhangsan\"}").statusCode());
        HttpResponse<String> confirmed = eventually(Duration.ofSeconds(30),
                () -> asAdmin("GET", "/outbox/it-direct-1", null), r -> r.body().contains("\"state\":\"confirmed\""));
        assertTrue(confirmed.body(), confirmed.body().contains("\"state\":\"confirmed\""));
        String outbox = execute("siyu:outbox --state confirmed");
        assertTrue(outbox, outbox.contains("it-direct-1"));
    }

    @Test
    public void c_forgedOrOversizeCallbacksAreRejectedAndRecordNothing() throws Exception {
        channelsUp();
        long before = customers();
        String now = Long.toString(Instant.now().getEpochSecond());
        HttpResponse<String> forged = callback("POST", "?msg_signature=0000&timestamp=" + now + "&nonce=1",
                "<xml><ToUserName>x</ToUserName><Encrypt>AAAA</Encrypt></xml>".getBytes(StandardCharsets.UTF_8));
        assertEquals(forged.body(), 401, forged.statusCode());
        HttpResponse<String> xxe = callback("POST", "?msg_signature=0000&timestamp=" + now + "&nonce=2",
                ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<xml><Encrypt>&e;</Encrypt></xml>").getBytes(StandardCharsets.UTF_8));
        assertEquals(xxe.body(), 400, xxe.statusCode());
        assertFalse(xxe.body(), xxe.body().contains("root:"));
        HttpResponse<String> huge = callback("POST", "?msg_signature=0000&timestamp=" + now + "&nonce=3",
                new byte[1024 * 1024 + 1]);
        assertEquals(huge.body(), 413, huge.statusCode());
        HttpResponse<String> verify = callback("GET", "?msg_signature=0000&timestamp=" + now + "&nonce=4&echostr=abc", null);
        assertEquals(verify.body(), 401, verify.statusCode());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port()
                + "/siyu/callback/wecom/nobody")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, unknown.statusCode());
        assertEquals("nothing was recorded", before, customers());
    }

    private long customers() throws Exception {
        HttpResponse<String> page = asAdmin("GET", "/customers?limit=1", null);
        Matcher m = Pattern.compile("\"total\":(\\d+)").matcher(page.body());
        assertTrue(page.body(), m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    public void d_messagesAreDeliveredExactlyOnceWhileTheAdapterIsUninstalledReinstalledAndUpdated() throws Exception {
        channelsUp();
        assertEquals(200, sandbox("POST", "contacts", "{\"userid\":\"lisi\",\"count\":200,\"prefix\":\"hs\"}").statusCode());
        HotSwap.assertDeliveredExactlyOnce(this, new HotSwap.Channel() {
            @Override
            public String feature() {
                return "siyu-channel-wecom";
            }

            @Override
            public String bundle() {
                return "io.siyu.channel-wecom";
            }

            @Override
            public String channel() {
                return "wecom/it";
            }

            @Override
            public String message(int i) {
                return "{\"idempotencyKey\":\"hot-" + i + "\",\"channel\":\"wecom/it\",\"kind\":\"direct\","
                        + "\"recipients\":[{\"type\":\"wecom\",\"namespace\":\"" + CORP + "\",\"value\":\"hs"
                        + String.format("%08d", i % 200) + "\"}],\"text\":\"hot swap " + i + "\","
                        + "\"sender\":\"lisi\",\"scenario\":\"important_reminder\",\"policy\":\"bypass\",\"reason\":\"hot-swap load test\"}";
            }

            @Override
            public Map<Integer, Integer> providerCopies() throws Exception {
                Map<Integer, Integer> copies = new TreeMap<>();
                Matcher texts = Pattern.compile("\"text\":\"hot swap (\\d+)\"").matcher(sandbox("GET", "state", null).body());
                while (texts.find()) {
                    copies.merge(Integer.parseInt(texts.group(1)), 1, Integer::sum);
                }
                return copies;
            }
        }, HOT_SWAP_MESSAGES);
    }

    @Test
    public void e_anOfficialAccountFollowerIsAttributedGivesConsentAndGetsATemplateMessageDelivered() throws Exception {
        officialAccountUp();

        HttpResponse<String> code = asAdmin("POST", "/channel-codes",
                "{\"name\":\"IT-地铁广告\",\"channel\":\"wechat-oa/it\"}");
        assertEquals(code.body(), 201, code.statusCode());
        String state = field(code.body(), "state");
        HttpResponse<String> follow = oaControl("subscribe", "{\"openid\":\"o-it-follower\",\"unionid\":\"u-it-follower\","
                + "\"scene\":\"" + state + "\"}");
        assertEquals(follow.body(), 200, follow.statusCode());
        // The platform retries when it saw no answer in 5 s: the same callback again, recorded once.
        assertEquals(200, oaControl("redeliver", "{}").statusCode());

        HttpResponse<String> found = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/customers?q=o-it-follower", null),
                r -> r.body().contains("o-it-follower"));
        long customer = idOf(found.body());
        HttpResponse<String> profile = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/customers/" + customer, null),
                r -> r.body().contains("\"entryPoint\":\"IT-地铁广告\"") && r.body().contains("\"state\":\"opted-in\""));
        assertTrue(profile.body(), profile.body().contains("\"entryPoint\":\"IT-地铁广告\""));
        assertTrue(profile.body(), profile.body().contains("\"state\":\"opted-in\""));
        assertTrue(profile.body(), profile.body().contains("u-it-follower"));
        HttpResponse<String> timeline = asAdmin("GET", "/customers/" + customer + "/events?limit=50", null);
        assertEquals(timeline.body(), 1, Pattern.compile("\"type\":\"follow\"").matcher(timeline.body()).results().count());

        HttpResponse<String> queued = outsideQuietHours("/messages", "{\"idempotencyKey\":\"it-template-1\",\"channel\":"
                + "\"wechat-oa/it\",\"kind\":\"template\",\"recipients\":[{\"type\":\"oa\",\"namespace\":"
                + "\"wxsandboxoa0000001\",\"value\":\"o-it-follower\"}],\"template\":{\"id\":\"TPL-ORDER\","
                + "\"data\":{\"first\":\"您的订单已发货\"}}}");
        assertEquals(queued.body(), 202, queued.statusCode());
        HttpResponse<String> delivered = eventually(Duration.ofSeconds(30),
                () -> asAdmin("GET", "/outbox/it-template-1", null), r -> r.body().contains("\"state\":\"delivered\""));
        assertTrue(delivered.body(), delivered.body().contains("\"state\":\"delivered\""));

        assertEquals(200, oaControl("unsubscribe", "{\"openid\":\"o-it-follower\"}").statusCode());
        HttpResponse<String> optedOut = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/customers/" + customer, null),
                r -> r.body().contains("\"state\":\"opted-out\""));
        assertTrue(optedOut.body(), optedOut.body().contains("\"state\":\"opted-out\""));
    }

    @Test
    public void f_corpTagsAndContactsAreSyncedFromWeComAndASecondSyncChangesNothing() throws Exception {
        channelsUp();
        assertEquals(200, sandbox("POST", "corptags", "{\"group_name\":\"IT-会员等级\",\"tags\":[\"IT-金卡\",\"IT-银卡\"]}")
                .statusCode());
        HttpResponse<String> tags = asAdmin("POST", "/channels/wecom/it/tag-sync", null);
        assertEquals(tags.body(), 200, tags.statusCode());
        HttpResponse<String> synced = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/tags", null),
                r -> r.body().contains("IT-金卡") && r.body().contains("IT-银卡"));
        assertTrue(synced.body(), synced.body().contains("IT-金卡"));

        assertEquals(200, sandbox("POST", "contacts", "{\"userid\":\"zhaoliu\",\"external_userids\":[\"wm-it-sync-1\"],"
                + "\"name\":\"同步客户\",\"unionid\":\"u-it-sync-1\"}").statusCode());
        String first = contactSync();
        assertTrue(first, first.contains("\"state\":\"done\"") && !first.contains("\"created\":0,"));
        HttpResponse<String> found = asAdmin("GET", "/customers?q=wm-it-sync-1", null);
        assertTrue(found.body(), found.body().contains("u-it-sync-1"));
        String second = contactSync();
        assertTrue(second, second.contains("\"created\":0,") && second.contains("\"updated\":0,"));

        String chats = execute("siyu:channel-group-chats wecom/it");
        assertFalse(chats, chats.contains("Error"));
    }

    private String contactSync() throws Exception {
        HttpResponse<String> started = asAdmin("POST", "/channels/wecom/it/contact-sync", null);
        assertEquals(started.body(), 202, started.statusCode());
        String job = field(started.body(), "id");
        HttpResponse<String> done = eventually(Duration.ofSeconds(60),
                () -> asAdmin("GET", "/channels/wecom/it/contact-sync/" + job, null),
                r -> r.body().contains("\"state\":\"done\"") || r.body().contains("\"state\":\"failed\""));
        return done.body();
    }

    private void officialAccountUp() throws Exception {
        features.addRepository(URI.create(ExamOptions.FEATURES_URL));
        for (String f : List.of("siyu-channel-sandbox", "siyu-channel-wechat-oa")) {
            if (!features.isInstalled(features.getFeature(f))) {
                features.installFeature(f, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            }
        }
        Files.writeString(etc("io.siyu.channel.sandbox.oa.cfg"), "callbackUrl = http://localhost:" + port()
                + "/siyu/callback/wechat-oa/it\njobFinishDelayMillis = 200\n");
        Files.writeString(etc("io.siyu.channel.wechat-oa-it.cfg"), String.join("\n", "appId = wxsandboxoa0000001",
                "appSecret = 5a4d1c2b3e4f6a7081920a1b2c3d4e5f", "token = sandboxtoken",
                "apiBase = http://localhost:" + port() + "/siyu/sandbox/wechat-oa", ""));
        HttpResponse<String> up = eventually(Duration.ofSeconds(60), () -> asAdmin("GET", "/channels/wechat-oa/it", null),
                r -> r.statusCode() == 200);
        assertEquals(up.body(), 200, up.statusCode());
    }

    /**
     * Channel figures in the distribution: history seeded in both simulators, pulled on demand through
     * the real adapters into the store (schema 20), read back per day and adding up; follower growth per
     * minute from the follow events the callbacks recorded; the console command over the same figures.
     */
    @Test
    public void g_channelFiguresArePulledFromTheProvidersStoredAndAddUp() throws Exception {
        channelsUp();
        officialAccountUp();
        java.time.ZoneId china = java.time.ZoneId.of("Asia/Shanghai");
        java.time.LocalDate yesterday = java.time.LocalDate.now(china).minusDays(1);
        java.time.LocalDate before = yesterday.minusDays(1);
        long y = yesterday.atTime(10, 0).atZone(china).toEpochSecond();
        long b = y - 86_400;
        assertEquals(200, sandbox("POST", "groupchat", "{\"chat_id\":\"wr-it-stats\",\"owner\":\"it-stats-owner\","
                + "\"members\":[\"it-stats-owner\",\"wm-it-s1\"],\"create_time\":" + b + "}").statusCode());
        assertEquals(200, sandbox("POST", "groupchat-join", "{\"chat_id\":\"wr-it-stats\",\"members\":[\"wm-it-s2\"],"
                + "\"at\":" + y + "}").statusCode());
        assertEquals(200, sandbox("POST", "groupchat-message", "{\"chat_id\":\"wr-it-stats\",\"sender\":\"wm-it-s2\","
                + "\"count\":3,\"at\":" + (y + 60) + "}").statusCode());
        assertEquals(200, oaControl("subscribe", "{\"openid\":\"o-it-s1\",\"at\":" + b + "}").statusCode());
        assertEquals(200, oaControl("subscribe", "{\"openid\":\"o-it-s2\",\"subscribe_scene\":\"ADD_SCENE_PROFILE_CARD\","
                + "\"at\":" + y + "}").statusCode());
        assertEquals(200, oaControl("subscribe", "{\"openid\":\"o-it-s3\",\"at\":" + (y + 30) + "}").statusCode());
        assertEquals(200, oaControl("unsubscribe", "{\"openid\":\"o-it-s1\",\"at\":" + (y + 150) + "}").statusCode());
        assertEquals(200, oaControl("read", "{\"source\":0,\"count\":4,\"at\":" + y + "}").statusCode());
        assertEquals(200, oaControl("read", "{\"source\":2,\"at\":" + y + "}").statusCode());

        String period = "from=" + before + "&to=" + yesterday;
        HttpResponse<String> collected = asAdmin("POST", "/analytics/channel-stats/collect?" + period, null);
        assertEquals(collected.body(), 200, collected.statusCode());
        assertTrue(collected.body(), collected.body().contains("\"channel\":\"wecom/it\",\"days\":[\"" + before + "\",\""
                + yesterday + "\"]"));
        assertTrue(collected.body(), collected.body().contains("\"channel\":\"wechat-oa/it\",\"days\":[\"" + before));

        HttpResponse<String> groups = asAdmin("GET", "/analytics/group-chats?account=it&owner=it-stats-owner&" + period, null);
        assertEquals(groups.body(), 200, groups.statusCode());
        assertTrue(groups.body(), groups.body().contains("{\"date\":\"" + before + "\",\"newChats\":1,\"chats\":1,"
                + "\"activeChats\":0,\"newMembers\":2,\"members\":2,\"speakingMembers\":0,\"messages\":0,\"problems\":[]}"));
        assertTrue(groups.body(), groups.body().contains("{\"date\":\"" + yesterday + "\",\"newChats\":0,\"chats\":1,"
                + "\"activeChats\":1,\"newMembers\":1,\"members\":3,\"speakingMembers\":1,\"messages\":3,\"problems\":[]}"));
        assertTrue(groups.body(), groups.body().contains("\"owners\":[") && groups.body().contains("\"it-stats-owner\""));

        HttpResponse<String> oa = asAdmin("GET", "/analytics/official-accounts?account=it&" + period, null);
        assertEquals(oa.body(), 200, oa.statusCode());
        assertTrue(oa.body(), oa.body().contains("{\"date\":\"" + before + "\",\"newFollows\":1,\"unfollows\":0,\"net\":1,"
                + "\"followers\":1,"));
        assertTrue(oa.body(), oa.body().contains("{\"date\":\"" + yesterday + "\",\"newFollows\":2,\"unfollows\":1,\"net\":1,"
                + "\"followers\":2,"));
        assertTrue(oa.body(), oa.body().contains("\"newBySource\":{\"profile-card\":1,\"search\":1}"));
        assertTrue(oa.body(), oa.body().contains("\"reads\":5,\"readsBySource\":{\"moments\":1,\"session\":4},"
                + "\"providerReads\":5,\"problems\":[]"));

        java.time.Instant since = java.time.Instant.ofEpochSecond(y);
        HttpResponse<String> growth = eventually(Duration.ofSeconds(30), () -> asAdmin("GET",
                "/analytics/follower-growth?account=it&minutes=5&since=" + since, null),
                r -> r.body().contains("\"follows\":2,\"unfollows\":1,\"net\":1"));
        assertTrue(growth.body(), growth.body().contains("\"follows\":2,\"unfollows\":1,\"net\":1"));
        assertTrue(growth.body(), growth.body().contains("{\"at\":\"" + since.plusSeconds(120)
                + "\",\"follows\":0,\"unfollows\":1,\"net\":-1,\"cumulativeNet\":1}"));

        String shown = execute("siyu:channel-stats -a it --from " + before + " --to " + yesterday + " official-account");
        assertTrue(shown, shown.contains("total") && !shown.contains("Error"));
    }

    private HttpResponse<String> oaControl(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/siyu/sandbox/wechat-oa/control/"
                + path)).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
