package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.wecom.WeComSandboxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The node is killed with kill -9 while messages flow to WeCom (the sandbox runs in this JVM, so the
 * "provider" outlives the node) and started again: every message reaches the provider exactly once.
 * Sends cut short by the kill are found with the provider's own records before anything is resent.
 */
public class ChannelCrashIT {
    private static final int MESSAGES = 3_000;
    private static final String CORP = WeComSandboxConfig.DEFAULT_CORP_ID;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    public void messagesInFlightWhenTheNodeIsKilledAreDeliveredExactlyOnceAfterTheRestart() throws Exception {
        try (SandboxServer wecom = SandboxServer.start(0, WeComSandboxConfig.defaults().withCallsPerMinute(10_000_000));
                KarafProcess node = new KarafProcess("crash")) {
            node.bootAlso("siyu-channel-wecom");
            node.etc("io.siyu.channel.wecom-crash.cfg", String.join("\n", "corpId = " + CORP,
                    "secret = " + WeComSandboxConfig.DEFAULT_CORP_SECRET, "token = " + WeComSandboxConfig.DEFAULT_TOKEN,
                    "encodingAesKey = " + WeComSandboxConfig.DEFAULT_ENCODING_AES_KEY,
                    "apiBase = " + wecom.base(SandboxServer.WECOM), ""));
            control(wecom, "contacts", "{\"userid\":\"wangwu\",\"count\":100,\"prefix\":\"kc\"}");
            node.start();
            waitForChannel(node);

            Set<Integer> accepted = ConcurrentHashMap.newKeySet();
            AtomicBoolean killed = new AtomicBoolean();
            Thread poster = new Thread(() -> {
                for (int i = 0; i < MESSAGES && !killed.get(); i++) {
                    try {
                        if (node.post("/messages", message(i)).statusCode() == 202) {
                            accepted.add(i);
                        }
                    } catch (Exception nodeDown) {
                        return;
                    }
                }
            });
            poster.start();
            // Kill while the outbox is busy: some messages sent, some in flight, many still queued.
            long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (delivered(wecom).size() < MESSAGES / 4 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            killed.set(true);
            node.kill();
            poster.join();
            int before = delivered(wecom).size();
            assertTrue("the kill came mid-way: " + before + " delivered", before > 0 && before < MESSAGES);

            node.start();
            // Whatever the client could not be sure of is sent again under the same key: idempotent.
            for (int i = 0; i < MESSAGES; i++) {
                HttpResponse<String> r = node.post("/messages", message(i));
                assertEquals(r.body(), 202, r.statusCode());
            }
            long drainEnd = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            String open = "";
            while (System.nanoTime() < drainEnd) {
                open = node.get("/outbox?channel=wecom/crash&state=queued,sending,failed&limit=1", true).body();
                if (open.contains("\"total\":0")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(open, open.contains("\"total\":0"));
            Map<Integer, Integer> copies = delivered(wecom);
            assertEquals("every message reached the provider", MESSAGES, copies.size());
            assertTrue("none twice: " + copies.entrySet().stream().filter(e -> e.getValue() > 1).limit(5).toList(),
                    copies.values().stream().allMatch(n -> n == 1));
        }
    }

    private static String message(int i) {
        return "{\"idempotencyKey\":\"crash-" + i + "\",\"channel\":\"wecom/crash\",\"kind\":\"direct\","
                + "\"recipients\":[{\"type\":\"wecom\",\"namespace\":\"" + CORP + "\",\"value\":\"kc"
                + String.format("%08d", i % 100) + "\"}],\"text\":\"after the crash " + i + "\","
                + "\"sender\":\"wangwu\",\"scenario\":\"important_reminder\",\"policy\":\"bypass\",\"reason\":\"crash test: sandbox contacts are not customers\"}";
    }

    private void waitForChannel(KarafProcess node) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (node.get("/channels/wecom/crash", true).statusCode() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("wecom/crash did not come up");
    }

    /** Message number → how many times the provider created it. */
    private Map<Integer, Integer> delivered(SandboxServer wecom) throws Exception {
        String state = http.send(HttpRequest.newBuilder(URI.create(wecom.base(SandboxServer.WECOM) + "/control/state"))
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        Map<Integer, Integer> copies = new TreeMap<>();
        Matcher m = Pattern.compile("\"text\":\"after the crash (\\d+)\"").matcher(state);
        while (m.find()) {
            copies.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        }
        return copies;
    }

    private void control(SandboxServer wecom, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(wecom.base(SandboxServer.WECOM)
                + "/control/" + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
    }
}
