package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

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
 * The e-mail and mini-program channels in the distribution: accounts from files in etc/, an e-mail
 * queued through REST reaching a real SMTP server (GreenMail in the test JVM) with an unsubscribe
 * link that sets consent, the mini program's ingest endpoint creating events and grants that let a
 * subscribe message through the sandbox, and e-mails delivered exactly once across a hot swap.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class MailChannelIT extends InContainer {
    private static final int HOT_SWAP_MESSAGES = Integer.getInteger("siyu.it.mail.hotswap.messages", 2_000);
    private static final String MP_APP = "wxsandboxmp0000001";
    private static final String MP_SECRET = "6b5e2d3c4f5a7b8091a2b3c4d5e6f708";
    private static final String INGEST_TOKEN = "it-ingest-token-0123456789";
    private static final String TEMPLATE = "IT-TEMPLATE-shipping-notice-000000000000000";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() throws Exception {
        // host side: GreenMail lives in this JVM (reflection, so the container never links GreenMail)
        int[] ports = (int[]) Class.forName("io.siyu.itests.MailServers").getDeclaredMethod("start").invoke(null);
        List<Option> options = ExamOptions.distribution();
        options.add(systemProperty("siyu.it.smtp.port").value(Integer.toString(ports[0])));
        options.add(systemProperty("siyu.it.pop3.port").value(Integer.toString(ports[1])));
        return options.toArray(new Option[0]);
    }

    private static int port() {
        return Integer.getInteger("siyu.it.http.port");
    }

    private static Path etc(String file) {
        return Path.of(System.getProperty("karaf.etc"), file);
    }

    private HttpResponse<String> raw(String method, String url, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url
                : "http://localhost:" + port() + url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void channelsUp() throws Exception {
        features.addRepository(URI.create(ExamOptions.FEATURES_URL));
        for (String f : List.of("siyu-channel-sandbox", "siyu-channel-email", "siyu-channel-miniprogram")) {
            if (!features.isInstalled(features.getFeature(f))) {
                features.installFeature(f, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            }
        }
        if (!Files.exists(etc("io.siyu.channel.email-it.cfg"))) {
            Files.writeString(etc("io.siyu.channel.sandbox.miniprogram.cfg"), "templateIds = " + TEMPLATE + "\n");
            Files.writeString(etc("io.siyu.channel.email-it.cfg"), String.join("\n", "host = localhost",
                    "port = " + System.getProperty("siyu.it.smtp.port"), "security = none",
                    "fromAddress = news@siyu.test", "fromName = 思域会员中心",
                    "unsubscribeBaseUrl = http://localhost:" + port(), "unsubscribeSecret = it-unsubscribe-secret-1",
                    "bounceToken = it-bounce-token", ""));
            Files.writeString(etc("io.siyu.channel.miniprogram-it.cfg"), String.join("\n", "appId = " + MP_APP,
                    "secret = " + MP_SECRET, "apiBase = http://localhost:" + port() + "/siyu/sandbox/miniprogram",
                    "miniprogram_state = trial", "ingestToken = " + INGEST_TOKEN, ""));
        }
        for (String channel : List.of("email/it", "miniprogram/it")) {
            HttpResponse<String> up = eventually(Duration.ofSeconds(60), () -> asAdmin("GET", "/channels/" + channel,
                    null), r -> r.statusCode() == 200);
            assertEquals(channel + ": " + up.body(), 200, up.statusCode());
        }
    }

    @Test
    public void a_bothAccountsComeUpFromTheirFilesAndKeepTheirSecretsToThemselves() throws Exception {
        awaitHealthy();
        channelsUp();
        String console = execute("siyu:channel-list");
        assertTrue(console, Pattern.compile("(?m)^email\\s*\\|\\s*it\\s*\\|.*\\|\\s*UP\\s*\\|").matcher(console).find()
                && Pattern.compile("(?m)^miniprogram\\s*\\|\\s*it\\s*\\|.*\\|\\s*UP\\s*\\|").matcher(console).find());
        HttpResponse<String> channels = asAdmin("GET", "/channels", null);
        assertFalse(channels.body(), channels.body().contains(MP_SECRET) || channels.body().contains(INGEST_TOKEN)
                || channels.body().contains("it-unsubscribe-secret"));
    }

    @Test
    public void b_anEmailQueuedThroughRestArrivesAndItsUnsubscribeLinkSetsConsent() throws Exception {
        channelsUp();
        HttpResponse<String> customer = asAdmin("POST", "/customers", "{\"displayName\":\"韩梅梅\","
                + "\"identities\":[{\"type\":\"email\",\"value\":\"reader@example.com\"}]}");
        assertEquals(customer.body(), 201, customer.statusCode());
        long id = Long.parseLong(find(customer.body(), "\"id\":(\\d+)"));

        HttpResponse<String> queued = asAdmin("POST", "/messages", email("it-mail-1", "reader@example.com",
                "双十一 {name} 专享", "<p>{name}您好，全场五折。</p>"));
        assertEquals(queued.body(), 202, queued.statusCode());
        assertEquals("sent", state("it-mail-1"));

        String mail;
        try (Pop3 pop = new Pop3(Integer.getInteger("siyu.it.pop3.port"), "reader@example.com", "reader@example.com")) {
            assertEquals(1, pop.count());
            mail = pop.retrieve(1);
        }
        assertTrue(mail, mail.contains("Subject: =?UTF-8?B?") && mail.contains("List-Unsubscribe-Post: "
                + "List-Unsubscribe=One-Click") && mail.contains("multipart/alternative"));
        String link = find(mail.replace("\r\n ", " "), "List-Unsubscribe: <(http://[^>]+)>");

        HttpResponse<String> page = raw("GET", link, null, Map.of());
        assertEquals(page.body(), 200, page.statusCode());
        assertTrue(page.body(), page.body().contains("已退订"));
        HttpResponse<String> consents = asAdmin("GET", "/customers/" + id + "/consents", null);
        assertTrue(consents.body(), consents.body().contains("\"channelType\":\"email\"")
                && consents.body().contains("\"state\":\"opted-out\""));

        // The touch policy refuses the opted-out reader; forced past it, the outbox still will not send.
        HttpResponse<String> checked = asAdmin("POST", "/messages", email("it-mail-2", "reader@example.com", "再来一封",
                "<p>x</p>").replaceFirst(",\"policy\":\"bypass\".*\\}$", ",\"scenario\":\"after_sales\"}"));
        assertEquals(checked.body(), 409, checked.statusCode());
        assertTrue(checked.body(), checked.body().contains("consent: opted out of email"));
        assertEquals(404, asAdmin("GET", "/outbox/it-mail-2", null).statusCode());
        asAdmin("POST", "/messages", email("it-mail-2", "reader@example.com", "再来一封", "<p>x</p>"));
        assertEquals("failed", state("it-mail-2"));
        assertTrue(asAdmin("GET", "/outbox/it-mail-2", null).body().contains("siyu.consent"));
        HttpResponse<String> forged = raw("POST", link.replaceAll("t=[^&]+", "t=Zm9yZ2Vk.AAAA"), "", Map.of());
        assertEquals(401, forged.statusCode());
    }

    @Test
    public void c_theMiniProgramsEventsArriveAndAGrantLetsOneSubscribeMessageThrough() throws Exception {
        channelsUp();
        String openid = "oItMiniUser0001";
        String events = "{\"events\":[{\"id\":\"it-order-1\",\"type\":\"order\",\"openid\":\"" + openid + "\","
                + "\"occurredAt\":\"2026-11-11T01:00:00Z\",\"properties\":{\"orderId\":\"IT-1\",\"amount\":88.8,"
                + "\"items\":[{\"sku\":\"tea\",\"qty\":2}],\"store\":\"徐汇店\"}},{\"id\":\"it-grant-1\",\"type\":"
                + "\"subscribe.accepted\",\"openid\":\"" + openid + "\",\"occurredAt\":\"2026-11-11T01:00:01Z\","
                + "\"templateIds\":[\"" + TEMPLATE + "\"]}]}";
        String ingest = "/siyu/callback/miniprogram/it/events";
        assertEquals(401, raw("POST", ingest, events, Map.of("Authorization", "Bearer nope")).statusCode());
        HttpResponse<String> in = raw("POST", ingest, events, Map.of("Authorization", "Bearer " + INGEST_TOKEN,
                "Content-Type", "application/json"));
        assertEquals(in.body(), 200, in.statusCode());
        assertTrue(in.body(), in.body().contains("\"accepted\":2"));
        HttpResponse<String> found = asAdmin("GET", "/customers?q=" + openid, null);
        long id = Long.parseLong(find(found.body(), "\"id\":(\\d+)"));
        HttpResponse<String> timeline = asAdmin("GET", "/customers/" + id + "/events", null);
        assertTrue(timeline.body(), timeline.body().contains("\"type\":\"order\"")
                && timeline.body().contains("subscribe.accepted"));

        raw("POST", "/siyu/sandbox/miniprogram/control/grant", "{\"openid\":\"" + openid + "\",\"templateIds\":[\""
                + TEMPLATE + "\"]}", Map.of("Content-Type", "application/json"));
        HttpResponse<String> bad = asAdmin("POST", "/messages", subscribe("it-mp-bad", openid,
                "这是一个超过二十个字的商品名称，平台会拒绝它的，真的"));
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("template.data.thing1"));
        assertEquals("nothing was queued", 404, asAdmin("GET", "/outbox/it-mp-bad", null).statusCode());

        assertEquals(202, asAdmin("POST", "/messages", subscribe("it-mp-1", openid, "您的茶已发货")).statusCode());
        assertEquals("sent", state("it-mp-1"));
        assertEquals(202, asAdmin("POST", "/messages", subscribe("it-mp-2", openid, "第二条")).statusCode());
        assertEquals("failed", state("it-mp-2"));
        assertTrue(asAdmin("GET", "/outbox/it-mp-2", null).body().contains("siyu.no-subscription"));
        String sandbox = raw("GET", "/siyu/sandbox/miniprogram/control/state", null, Map.of()).body();
        assertTrue(sandbox, sandbox.contains("\"delivered\":1"));
    }

    @Test
    public void d_emailsAreDeliveredExactlyOnceAcrossAHotSwap() throws Exception {
        channelsUp();
        // an account of its own: the swap check wants no failed message on the channel (b left one)
        Files.writeString(etc("io.siyu.channel.email-hs.cfg"), String.join("\n", "host = localhost",
                "port = " + System.getProperty("siyu.it.smtp.port"), "security = none", "fromAddress = news@siyu.test",
                "unsubscribeBaseUrl = http://localhost:" + port(), "unsubscribeSecret = it-unsubscribe-secret-2", ""));
        HttpResponse<String> up = eventually(Duration.ofSeconds(60), () -> asAdmin("GET", "/channels/email/hs", null),
                r -> r.statusCode() == 200);
        assertEquals(up.body(), 200, up.statusCode());
        HotSwap.assertDeliveredExactlyOnce(this, new HotSwap.Channel() {
            @Override
            public String feature() {
                return "siyu-channel-email";
            }

            @Override
            public String bundle() {
                return "io.siyu.channel-email";
            }

            @Override
            public String channel() {
                return "email/hs";
            }

            @Override
            public String message(int i) {
                return email("it-hs-" + i, "hotswap@example.com", "hot swap " + i, "<p>message " + i + "</p>")
                        .replace("email/it", "email/hs");
            }

            @Override
            public Map<Integer, Integer> providerCopies() throws Exception {
                Map<Integer, Integer> copies = new TreeMap<>();
                try (Pop3 pop = new Pop3(Integer.getInteger("siyu.it.pop3.port"), "hotswap@example.com",
                        "hotswap@example.com")) {
                    int n = pop.count();
                    Pattern key = Pattern.compile("X-Siyu-Message-Key: it-hs-(\\d+)");
                    for (int m = 1; m <= n; m++) {
                        for (String h : pop.headers(m)) {
                            Matcher k = key.matcher(h);
                            if (k.matches()) {
                                copies.merge(Integer.parseInt(k.group(1)), 1, Integer::sum);
                            }
                        }
                    }
                }
                return copies;
            }
        }, HOT_SWAP_MESSAGES);
    }

    private static String email(String key, String to, String subject, String html) {
        return "{\"idempotencyKey\":\"" + key + "\",\"channel\":\"email/it\",\"kind\":\"direct\","
                + "\"recipients\":[{\"type\":\"email\",\"value\":\"" + to + "\"}],\"email\":{\"subject\":\"" + subject
                + "\",\"html\":\"" + html + "\"},\"policy\":\"bypass\",\"reason\":\"mail channel test: readers are not customers\"}";
    }

    private static String subscribe(String key, String openid, String thing) {
        return "{\"idempotencyKey\":\"" + key + "\",\"channel\":\"miniprogram/it\",\"kind\":\"template\","
                + "\"recipients\":[{\"type\":\"mp\",\"namespace\":\"" + MP_APP + "\",\"value\":\"" + openid + "\"}],"
                + "\"template\":{\"id\":\"" + TEMPLATE + "\",\"url\":\"pages/order/detail?id=1\",\"data\":{"
                + "\"thing1\":\"" + thing + "\",\"amount2\":\"¥88.80\",\"phrase3\":\"已发货\"}},\"policy\":\"bypass\",\"reason\":\"grants are what this test counts\"}";
    }

    /** The outbox state of a message once it is no longer queued or sending. */
    private String state(String key) throws Exception {
        HttpResponse<String> r = eventually(Duration.ofSeconds(60), () -> asAdmin("GET", "/outbox/" + key, null),
                x -> x.statusCode() == 200 && !x.body().contains("\"state\":\"queued\"")
                        && !x.body().contains("\"state\":\"sending\""));
        return find(r.body(), "\"state\":\"([a-z]+)\"");
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue("no " + regex + " in " + text, m.find());
        return m.group(1);
    }
}
