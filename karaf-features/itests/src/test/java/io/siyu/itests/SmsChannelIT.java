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
 * The SMS channels in the distribution, against the sandbox: a Tencent Cloud and an Aliyun account
 * from files in etc/; an SMS template written in the console, approved by someone else and measured
 * before sending; SMS through {@code POST /messages} naming it by content id, sent with each
 * account's provider template and the template's signature and delivered with status reports; an
 * opt-out reply that sets consent; and messages delivered exactly once while the Tencent Cloud
 * adapter is uninstalled, reinstalled and updated.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SmsChannelIT extends InContainer {
    private static final String TOKEN = "it-callback-token";
    private static final int HOT_SWAP_MESSAGES = Integer.getInteger("siyu.it.sms.hotswap.messages", 2_000);

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

    private HttpResponse<String> sandbox(String provider, String method, String action, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/siyu/sandbox/"
                + provider + "/control/" + action)).timeout(Duration.ofSeconds(30));
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void accountsUp() throws Exception {
        features.addRepository(URI.create(ExamOptions.FEATURES_URL));
        for (String f : List.of("siyu-channel-sandbox", "siyu-channel-sms-tencent", "siyu-channel-sms-aliyun")) {
            if (!features.isInstalled(features.getFeature(f))) {
                features.installFeature(f, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            }
        }
        String callbacks = "http://localhost:" + port() + "/siyu/callback/";
        // Tencent Cloud reports only on request (the hot swap counts messages still "sent"); Aliyun's come by themselves
        Files.writeString(etc("io.siyu.channel.sandbox.smstencent.cfg"), "callbackUrl = " + callbacks
                + "sms-tencent/it?token=" + TOKEN + "\nreportDelayMillis = -1\n");
        Files.writeString(etc("io.siyu.channel.sandbox.smsaliyun.cfg"), "callbackUrl = " + callbacks
                + "sms-aliyun/it?token=" + TOKEN + "\nreportDelayMillis = 200\n");
        Files.writeString(etc("io.siyu.channel.sms-tencent-it.cfg"), String.join("\n",
                "secretId = AKIDsandboxSmsTencent000000000000001", "secretKey = sandboxSmsTencentSecretKey000001",
                "sdkAppId = 1400000001", "signName = 思语",
                "endpoint = http://localhost:" + port() + "/siyu/sandbox/sms-tencent", "callsPerSecond = 1000",
                "callbackToken = " + TOKEN, ""));
        Files.writeString(etc("io.siyu.channel.sms-aliyun-it.cfg"), String.join("\n",
                "accessKeyId = LTAIsandboxSmsAliyun0001", "accessKeySecret = sandboxSmsAliyunAccessKeySecret01",
                "signName = 思语", "endpoint = http://localhost:" + port() + "/siyu/sandbox/sms-aliyun",
                "callsPerSecond = 1000", "callbackToken = " + TOKEN, ""));
        for (String channel : List.of("sms-tencent/it", "sms-aliyun/it")) {
            HttpResponse<String> up = eventually(Duration.ofSeconds(60), () -> asAdmin("GET", "/channels/" + channel,
                    null), r -> r.statusCode() == 200);
            assertEquals(up.body(), 200, up.statusCode());
        }
    }

    /** The approved SMS template of the library all sends use; made once per container. */
    private static volatile Long template;

    private long approvedTemplate() throws Exception {
        if (template != null) {
            return template;
        }
        HttpResponse<String> unit = asAdmin("PUT", "/org/units/it-sms", "{\"name\":\"IT 短信\",\"kind\":\"head-office\"}");
        assertEquals(unit.body(), 200, unit.statusCode());
        String created = execute("siyu:sms-template-create -u it-sms -s 思语商城 -p code -p minutes"
                + " -t sms-tencent/it=1001 -t sms-aliyun=SMS_1001 验证码 '您的验证码是{code}，{minutes}分钟内有效。'");
        Matcher id = Pattern.compile("SMS template (\\d+) created").matcher(created);
        assertTrue(created, id.find());
        long contentId = Long.parseLong(id.group(1));

        HttpResponse<String> draft = asAdmin("POST", "/messages", sms("it-sms-draft", "sms-tencent/it", "+8613800000009",
                contentId, "123456"));
        assertEquals(draft.body(), 400, draft.statusCode());
        assertTrue(draft.body(), draft.body().contains("template.contentId") && draft.body().contains("no approved version"));

        String submitted = execute("siyu:content-submit " + contentId);
        assertTrue(submitted, submitted.contains("waiting for review"));
        HttpResponse<String> approved = asAdmin("POST", "/contents/" + contentId + "/approve", "{\"comment\":\"ok\"}");
        assertEquals(approved.body(), 200, approved.statusCode());

        HttpResponse<String> preview = asAdmin("POST", "/messages/sms-preview", "{\"contentId\":" + contentId
                + ",\"params\":{\"code\":\"123456\",\"minutes\":\"5\"}}");
        assertEquals(preview.body(), 200, preview.statusCode());
        assertTrue(preview.body(), preview.body().contains("【思语商城】您的验证码是123456，5分钟内有效。")
                && preview.body().contains("\"mainlandSegments\":1") && preview.body().contains("\"contentState\":\"approved\""));
        String shown = execute("siyu:sms-preview " + contentId + " code=123456 minutes=5");
        assertTrue(shown, shown.contains("26 characters, 1 SMS in mainland China"));
        template = contentId;
        return contentId;
    }

    /** {@code POST /messages} of an SMS naming the library template by content id. */
    private static String sms(String key, String channel, String phone, long contentId, String code) {
        return "{\"idempotencyKey\":\"" + key + "\",\"channel\":\"" + channel + "\",\"kind\":\"template\","
                + "\"recipients\":[{\"type\":\"phone\",\"value\":\"" + phone + "\"}],"
                + "\"template\":{\"contentId\":" + contentId + ",\"data\":{\"code\":\"" + code + "\",\"minutes\":\"5\"}},\"policy\":\"bypass\",\"reason\":\"verification codes to phones that are not customers\"}";
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue("no " + name + " in " + json, m.find());
        return m.group(1);
    }

    @Test
    public void a_bothAccountsComeUpFromTheirFilesAndShowInTheConsoleWithoutSecrets() throws Exception {
        awaitHealthy();
        accountsUp();
        String list = execute("siyu:channel-list");
        assertTrue(list, list.contains("Tencent Cloud SMS it") && list.contains("Aliyun SMS it")
                && list.contains("TEMPLATE_MESSAGE"));
        assertFalse(list, list.contains("sandboxSmsTencentSecretKey") || list.contains(TOKEN));
        HttpResponse<String> channels = asAdmin("GET", "/channels", null);
        assertFalse(channels.body(), channels.body().contains("sandboxSmsAliyunAccessKeySecret01"));
        String status = execute("siyu:channel-status sms-aliyun/it");
        assertTrue(status, status.contains("UP"));
    }

    @Test
    public void b_libraryTemplateSmsGoThroughTheOutboxAndTheirStatusReportsMarkThemDelivered() throws Exception {
        accountsUp();
        long contentId = approvedTemplate();
        HttpResponse<String> raw = asAdmin("POST", "/messages", "{\"idempotencyKey\":\"it-sms-raw\","
                + "\"channel\":\"sms-tencent/it\",\"kind\":\"template\",\"recipients\":[{\"type\":\"phone\","
                + "\"value\":\"+8613800000001\"}],\"template\":{\"id\":\"1001\",\"data\":{\"1\":\"123456\"}},"
                + "\"policy\":\"bypass\",\"reason\":\"raw provider template refused\"}");
        assertEquals(raw.body(), 400, raw.statusCode());
        assertTrue(raw.body(), raw.body().contains("template.contentId"));
        HttpResponse<String> tencent = asAdmin("POST", "/messages", sms("it-sms-tencent-1", "sms-tencent/it",
                "+8613800000001", contentId, "123456"));
        assertEquals(tencent.body(), 202, tencent.statusCode());
        HttpResponse<String> aliyun = asAdmin("POST", "/messages", sms("it-sms-aliyun-1", "sms-aliyun/it",
                "+8613800000002", contentId, "654321"));
        assertEquals(aliyun.body(), 202, aliyun.statusCode());

        HttpResponse<String> sent = eventually(Duration.ofSeconds(30),
                () -> asAdmin("GET", "/outbox/it-sms-tencent-1", null), r -> r.body().contains("\"state\":\"sent\""));
        assertTrue(sent.body(), sent.body().contains("\"state\":\"sent\""));
        String tencentState = sandbox("sms-tencent", "GET", "state?phone=%2B8613800000001", null).body();
        assertTrue(tencentState, tencentState.contains("\"params\":[\"123456\",\"5\"]")
                && tencentState.contains("\"template\":\"1001\"") && tencentState.contains("\"signName\":\"思语商城\""));
        assertEquals(200, sandbox("sms-tencent", "POST", "report", "{\"phone\":\"+8613800000001\"}").statusCode());
        for (String key : List.of("it-sms-tencent-1", "it-sms-aliyun-1")) {
            HttpResponse<String> delivered = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/outbox/" + key,
                    null), r -> r.body().contains("\"state\":\"delivered\""));
            assertTrue(delivered.body(), delivered.body().contains("\"state\":\"delivered\""));
        }
        String outbox = execute("siyu:outbox --state delivered");
        assertTrue(outbox, outbox.contains("it-sms-aliyun-1"));
    }

    @Test
    public void c_aTdReplySetsConsentOptedOutAndOtherRepliesAreOnTheTimeline() throws Exception {
        accountsUp();
        HttpResponse<String> question = sandbox("sms-aliyun", "POST", "reply",
                "{\"phone\":\"+8613800000077\",\"text\":\"几点开门？\"}");
        assertTrue(question.body(), question.body().contains("\"status\":200"));
        HttpResponse<String> td = sandbox("sms-tencent", "POST", "reply", "{\"phone\":\"+8613800000077\",\"text\":\"TD\"}");
        assertTrue(td.body(), td.body().contains("\"status\":200"));
        assertTrue(sandbox("sms-tencent", "POST", "redeliver", "{}").body().contains("\"status\":200"));
        HttpResponse<String> found = eventually(Duration.ofSeconds(30),
                () -> asAdmin("GET", "/customers?q=%2B8613800000077", null), r -> r.body().contains("8613800000077"));
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(found.body());
        assertTrue(found.body(), id.find());
        HttpResponse<String> profile = eventually(Duration.ofSeconds(30),
                () -> asAdmin("GET", "/customers/" + id.group(1), null), r -> r.body().contains("\"state\":\"opted-out\""));
        assertTrue(profile.body(), profile.body().contains("\"state\":\"opted-out\""));
        HttpResponse<String> timeline = asAdmin("GET", "/customers/" + id.group(1) + "/events?limit=50", null);
        assertEquals(timeline.body(), 2, Pattern.compile("\"type\":\"message.in\"").matcher(timeline.body()).results()
                .count());

        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port()
                + "/siyu/callback/sms-tencent/it?token=guess")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"mobile\":\"13800000078\",\"nationcode\":\"86\",\"text\":\"TD\",\"time\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, forged.statusCode());
    }

    @Test
    public void d_smsAreDeliveredExactlyOnceWhileTheAdapterIsUninstalledReinstalledAndUpdated() throws Exception {
        accountsUp();
        long contentId = approvedTemplate();
        HotSwap.assertDeliveredExactlyOnce(this, new HotSwap.Channel() {
            @Override
            public String feature() {
                return "siyu-channel-sms-tencent";
            }

            @Override
            public String bundle() {
                return "io.siyu.channel-sms-tencent";
            }

            @Override
            public String channel() {
                return "sms-tencent/it";
            }

            @Override
            public String message(int i) {
                return sms("sms-hot-" + i, "sms-tencent/it", "+86139" + String.format("%08d", i % 500), contentId,
                        "hot-" + i);
            }

            @Override
            public Map<Integer, Integer> providerCopies() throws Exception {
                Map<Integer, Integer> copies = new TreeMap<>();
                Matcher params = Pattern.compile("\"params\":\\[\"hot-(\\d+)\",\"5\"]")
                        .matcher(sandbox("sms-tencent", "GET", "state", null).body());
                while (params.find()) {
                    copies.merge(Integer.parseInt(params.group(1)), 1, Integer::sum);
                }
                return copies;
            }
        }, HOT_SWAP_MESSAGES);
    }
}
