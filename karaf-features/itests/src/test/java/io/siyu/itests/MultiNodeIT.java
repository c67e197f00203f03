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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * Two Siyu nodes, each its own Karaf process, share one PostgreSQL database and drain one outbox
 * to WeCom (the sandbox runs in this JVM, so the "provider" outlives the nodes). One node is killed
 * with kill -9 halfway; the other takes over its leases when they expire, asks the provider about
 * the calls the dead node left in flight, and every message reaches the provider exactly once. Leads
 * arriving through both nodes meanwhile start 5,000 SOP instances (10,000 steps: a wait, then a
 * task); every instance finishes on the survivor, each with exactly one task.
 */
public class MultiNodeIT {
    private static final int MESSAGES = Integer.getInteger("siyu.it.multinode.messages", 10_000);
    private static final String CORP = WeComSandboxConfig.DEFAULT_CORP_ID;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    public void twoNodesDrainOneOutboxAndEachMessageIsDeliveredOnceWhenOneNodeIsKilled() throws Exception {
        String url = System.getProperty("siyu.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("siyu.test.pg.user", "postgres");
        String schema = "siyu_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (SandboxServer wecom = SandboxServer.start(0, WeComSandboxConfig.defaults().withCallsPerMinute(10_000_000));
                KarafProcess a = node("a", schemaUrl, user, wecom);
                KarafProcess b = node("b", schemaUrl, user, wecom)) {
            control(wecom, "contacts", "{\"userid\":\"wangwu\",\"count\":100,\"prefix\":\"mn\"}");
            a.start();
            b.start();
            waitForChannel(a);
            waitForChannel(b);
            long sop = defineSop(a, b);

            // Half of the messages are queued through each node, four at a time; meanwhile leads arrive
            // in batches through both nodes and each starts an SOP instance, so SOP steps are due
            // on both engines when node a is killed.
            AtomicBoolean aDead = new AtomicBoolean();
            ExecutorService posters = Executors.newFixedThreadPool(5);
            List<Future<?>> done = new ArrayList<>();
            done.add(posters.submit(() -> {
                for (int batch = 0; batch * LEAD_BATCH < LEADS; batch++) {
                    KarafProcess to = batch % 2 == 0 && !aDead.get() ? a : b;
                    try {
                        HttpResponse<String> r = to.post("/events", leads(batch));
                        assertTrue(r.body(), r.statusCode() < 300);
                    } catch (java.io.IOException nodeGone) {
                        // sent again below
                    }
                    Thread.sleep(500);
                }
                return null;
            }));
            for (int t = 0; t < 4; t++) {
                int first = t;
                done.add(posters.submit(() -> {
                    for (int i = first; i < MESSAGES; i += 4) {
                        KarafProcess to = i % 2 == 0 && !aDead.get() ? a : b;
                        try {
                            to.post("/messages", message(i));
                        } catch (java.io.IOException nodeGone) {
                            // the client does not know: it sends again to the other node below
                        }
                    }
                    return null;
                }));
            }
            long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (delivered(wecom).size() < MESSAGES / 3 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            aDead.set(true);
            a.kill();
            for (Future<?> f : done) {
                f.get();
            }
            posters.shutdown();
            int atKill = delivered(wecom).size();
            assertTrue("node a died mid-way: " + atKill + " delivered", atKill > 0 && atKill < MESSAGES);

            // Whatever the clients could not be sure of goes again to the surviving node: same keys.
            for (int batch = 0; batch * LEAD_BATCH < LEADS; batch++) {
                HttpResponse<String> r = b.post("/events", leads(batch));
                assertTrue(r.body(), r.statusCode() < 300);
            }
            for (int i = 0; i < MESSAGES; i++) {
                HttpResponse<String> r = b.post("/messages", message(i));
                assertEquals(r.body(), 202, r.statusCode());
            }
            long drainEnd = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            String open = "";
            while (System.nanoTime() < drainEnd) {
                open = b.get("/outbox?channel=wecom/mn&state=queued,sending,failed&limit=1", true).body();
                if (open.contains("\"total\":0")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue("node b drained the outbox, node a's leases included: " + open, open.contains("\"total\":0"));
            Map<Integer, Integer> copies = delivered(wecom);
            assertEquals("every message reached the provider", MESSAGES, copies.size());
            assertTrue("none twice: " + copies.entrySet().stream().filter(e -> e.getValue() > 1).limit(5).toList(),
                    copies.values().stream().allMatch(n -> n == 1));
            sopFinishedOnce(b, sop);
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** Leads, each starting an instance of two steps (a wait, then a task): 10,000 SOP steps by default. */
    private static final int LEADS = Integer.getInteger("siyu.it.multinode.leads", 5_000);
    private static final int LEAD_BATCH = 250;

    /**
     * An SOP defined on node a and activated on node b: every form submitted through either node
     * starts an instance that waits 5 s and then makes a task, on whichever node's engine claims it
     * first, while both run or after node a is gone.
     */
    private static long defineSop(KarafProcess a, KarafProcess b) throws Exception {
        HttpResponse<String> defined = a.post("/sops", "{\"name\":\"两节点线索\",\"trigger\":{\"type\":\"event\","
                + "\"eventType\":\"form.submit\"},\"steps\":[{\"id\":\"settle\",\"type\":\"wait\",\"duration\":\"PT5S\"},"
                + "{\"id\":\"call\",\"type\":\"perform\",\"action\":{\"type\":\"createTask\",\"kind\":\"call\","
                + "\"title\":\"两节点首呼\"}}]}");
        assertEquals(defined.body(), 201, defined.statusCode());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(defined.body());
        assertTrue(defined.body(), id.find());
        long sop = Long.parseLong(id.group(1));
        HttpResponse<String> active = b.post("/sops/" + sop + "/activate", "{}");
        assertTrue(active.body(), active.body().contains("\"state\":\"active\""));
        return sop;
    }

    /** One batch of form submissions, the same events (ids) whenever it is sent again. */
    private static String leads(int batch) {
        StringBuilder json = new StringBuilder("[");
        for (int i = batch * LEAD_BATCH; i < Math.min(LEADS, (batch + 1) * LEAD_BATCH); i++) {
            json.append(i == batch * LEAD_BATCH ? "" : ",").append("{\"id\":\"mn-lead-").append(i)
                    .append("\",\"type\":\"form.submit\",\"occurredAt\":\"").append(LEADS_AT).append("\",")
                    .append("\"identity\":{\"type\":\"phone\",\"value\":\"+86139").append(String.format("%08d", i))
                    .append("\"}}");
        }
        return json.append("]").toString();
    }

    private static final String LEADS_AT = java.time.Instant.now().toString();

    /** Every form's instance completed on the surviving node and made exactly one task. */
    private static void sopFinishedOnce(KarafProcess b, long sop) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        String completed = "";
        while (System.nanoTime() < end) {
            completed = b.get("/sops/" + sop + "/instances?state=completed&limit=1", true).body();
            if (completed.contains("\"total\":" + LEADS)) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue("every instance completed: " + completed, completed.contains("\"total\":" + LEADS));
        String tasks = b.get("/tasks?staff=unassigned&limit=1", true).body();
        assertTrue("one task per lead, none twice: " + tasks, tasks.contains("\"total\":" + LEADS));
    }

    /** A node on the shared database with the WeCom account; short leases so a dead node's work moves on quickly. */
    private static KarafProcess node(String name, String url, String user, SandboxServer wecom) throws Exception {
        KarafProcess node = new KarafProcess("multinode-" + name);
        node.usePostgres(url, user);
        node.bootAlso("siyu-channel-wecom");
        node.etc("io.siyu.outbox.cfg", "leaseSeconds = 10\n");
        node.etc("io.siyu.sop.cfg", "leaseSeconds = 10\n");
        node.etc("io.siyu.channel.wecom-mn.cfg", String.join("\n", "corpId = " + CORP,
                "secret = " + WeComSandboxConfig.DEFAULT_CORP_SECRET, "token = " + WeComSandboxConfig.DEFAULT_TOKEN,
                "encodingAesKey = " + WeComSandboxConfig.DEFAULT_ENCODING_AES_KEY,
                "apiBase = " + wecom.base(SandboxServer.WECOM), ""));
        return node;
    }

    private static String message(int i) {
        return "{\"idempotencyKey\":\"mn-" + i + "\",\"channel\":\"wecom/mn\",\"kind\":\"direct\","
                + "\"recipients\":[{\"type\":\"wecom\",\"namespace\":\"" + CORP + "\",\"value\":\"mn"
                + String.format("%08d", i % 100) + "\"}],\"text\":\"two nodes " + i + "\","
                + "\"sender\":\"wangwu\",\"scenario\":\"important_reminder\",\"policy\":\"bypass\",\"reason\":\"multi-node load test: sandbox contacts are not customers\"}";
    }

    private static void waitForChannel(KarafProcess node) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (node.get("/channels/wecom/mn", true).statusCode() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("wecom/mn did not come up on " + node.home);
    }

    /** Message number → how many times the provider created it. */
    private Map<Integer, Integer> delivered(SandboxServer wecom) throws Exception {
        String state = http.send(HttpRequest.newBuilder(URI.create(wecom.base(SandboxServer.WECOM) + "/control/state"))
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        Map<Integer, Integer> copies = new TreeMap<>();
        Matcher m = Pattern.compile("\"text\":\"two nodes (\\d+)\"").matcher(state);
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
