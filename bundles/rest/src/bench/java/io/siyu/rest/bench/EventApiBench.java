package io.siyu.rest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event ingestion through the batch API of a running node ({@code POST /siyu/api/v1/events}):
 * HTTP, authentication, JSON and validation on top of what {@code EventIngestBench} measures, each
 * request a batch that is durable when the answer comes.
 *
 * <p>JDK only, so it runs with the source launcher against any node, e.g. {@code ./siyu start}:
 * <pre>
 * java -Dbench.password=$(cat var/retail/data/admin-password) [-Dbench.url=http://localhost:8181/siyu/api/v1] \
 *      [-Dbench.customers=10000] [-Dbench.events=300000] [-Dbench.batch=10000] [-Dbench.threads=1] \
 *      [-Dbench.tags=20] [-Dbench.warmup=200000] \
 *      bundles/rest/src/bench/java/io/siyu/rest/bench/EventApiBench.java
 * </pre>
 *
 * <p>Every run uses fresh event ids, so runs never meet each other's events as duplicates. A run
 * creates its customers first (one event per new phone number), then sends events for them;
 * {@code -Dbench.block=N} skips the first part and uses the customers of the run that printed
 * "phone block N". With {@code -Dbench.tags=N} the customers are imported from a CSV instead, N tags
 * each (see {@link #importCustomers}). Progress is printed every 20 requests, so a long run shows how the rate holds
 * as the tables grow. The client writes each body (a few ms per 10,000 events) on the machine it
 * measures: run it there anyway, as producers would.
 */
public final class EventApiBench {
    private static final Pattern COUNTS = Pattern.compile(
            "\"accepted\"\\s*:\\s*(\\d+).*\"duplicates\"\\s*:\\s*(\\d+).*\"createdCustomers\"\\s*:\\s*(\\d+)", Pattern.DOTALL);

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.url", "http://localhost:8181/siyu/api/v1") + "/events";
        String user = System.getProperty("bench.user", "admin");
        String password = System.getProperty("bench.password");
        if (password == null) {
            Path file = Path.of("var/retail/data/admin-password");
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("give -Dbench.password=… (or run from the checkout of a started retail node)");
            }
            password = Files.readString(file).trim();
        }
        int customers = Integer.getInteger("bench.customers", 10_000);
        long total = Long.getLong("bench.events", 300_000L);
        int batch = Integer.getInteger("bench.batch", 10_000);
        int threads = Integer.getInteger("bench.threads", 1);
        if (customers < 1 || customers > 10_000_000) {
            throw new IllegalArgumentException("bench.customers must be 1 to 10000000");
        }
        String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        // Customers are phones +86 16x xxxx xxxx, 100 blocks of 10^7: a run creates its own block,
        // or with -Dbench.block=N sends events for the customers an earlier run created there.
        String reuse = System.getProperty("bench.block");
        long block = reuse != null ? Long.parseLong(reuse) : System.currentTimeMillis() / 1000 % 100;
        long phoneBase = block * 10_000_000L;
        Instant base = Instant.now().minusSeconds(86_400);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        System.out.printf("POST %s: customers=%d (phone block %d%s) events=%d batch=%d producers=%d%n", url, customers,
                block, reuse != null ? ", reused" : "", total, batch, threads);

        double newRate = Double.NaN;
        int tagsEach = Integer.getInteger("bench.tags", 0);
        if (reuse == null && tagsEach > 0) {
            newRate = importCustomers(http, url.replace("/events", "/imports/customers"), auth, customers, phoneBase, tagsEach);
        } else if (reuse == null) {
            // Phase 1: each event names a phone the node has not seen, so each creates a customer.
            long t0 = System.nanoTime();
            long created = 0;
            for (int from = 0; from < customers; from += batch) {
                StringBuilder body = new StringBuilder(batch * 200).append('[');
                for (int i = from; i < Math.min(customers, from + batch); i++) {
                    if (i > from) {
                        body.append(',');
                    }
                    body.append("{\"id\":\"join-").append(run).append('-').append(i)
                            .append("\",\"type\":\"contact.added\",\"occurredAt\":\"").append(base)
                            .append("\",\"channel\":\"wecom/main\",\"identity\":{\"type\":\"phone\",\"value\":\"")
                            .append(phone(phoneBase + i)).append("\"},\"properties\":{\"state\":\"code-").append(i % 20).append("\"}}");
                }
                created += post(http, url, auth, body.append(']').toString())[2];
                if ((from / batch + 1) % 20 == 0) {
                    System.out.printf("  %,d customers created, %.0f /s%n", created, created / seconds(t0));
                }
            }
            newRate = customers / seconds(t0);
            if (created != customers) {
                throw new IllegalStateException("expected " + customers + " new customers, the node created " + created
                        + " (has it seen these phone numbers? pick another block)");
            }
        }

        // Optional warm-up: the node's JIT and caches after a start, sent and reported but not measured.
        long warmup = Long.getLong("bench.warmup", 0L);
        if (warmup > 0) {
            double warm = sendEvents(http, url, auth, run, "w", warmup, batch, threads, customers, phoneBase, block, base,
                    new double[(int) ((warmup + batch - 1) / batch)]);
            System.out.printf("  warm-up: %,d events, %.0f events/s (not counted)%n", warmup, warm);
        }
        double[] millis = new double[(int) ((total + batch - 1) / batch)];
        double knownRate = sendEvents(http, url, auth, run, "", total, batch, threads, customers, phoneBase, block, base,
                millis);
        Arrays.sort(millis);
        if (reuse == null && tagsEach > 0) {
            System.out.printf("  customer import: %.0f rows/s%n", newRate);
        } else if (reuse == null) {
            System.out.printf("  new-identity events: %.0f events/s (each creates a customer)%n", newRate);
        }
        System.out.printf("  known-customer events: %.0f events/s; request of %d events: median %.0f ms, max %.0f ms%n",
                knownRate, batch, millis[millis.length / 2], millis[millis.length - 1]);
    }

    /**
     * Phase 2: {@code total} events for the customers of the block (the common case), named by
     * identity as producers do; answers events/s and fills {@code millis} with each request's time.
     * {@code phase} is part of every event id ("w" for the warm-up), so phases never collide.
     */
    private static double sendEvents(HttpClient http, String url, String auth, String run, String phase, long total,
            int batch, int threads, int customers, long phoneBase, long block, Instant base, double[] millis)
            throws Exception {
        String[] types = {"order", "article.view", "link.click", "message.in", "store.visit"};
        int batches = (int) ((total + batch - 1) / batch);
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        ExecutorService producers = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        long t1 = System.nanoTime();
        long[] window = {t1, 0}; // start and events of the last progress line
        for (int p = 0; p < threads; p++) {
            running.add(producers.submit(() -> {
                for (int b; (b = next.getAndIncrement()) < batches;) {
                    Random random = new Random(42 + b);
                    StringBuilder body = new StringBuilder(batch * 220).append('[');
                    for (long i = (long) b * batch; i < Math.min(total, (long) (b + 1) * batch); i++) {
                        if (i > (long) b * batch) {
                            body.append(',');
                        }
                        String type = types[random.nextInt(types.length)];
                        body.append("{\"id\":\"ev-").append(run).append(phase).append('-').append(i).append("\",\"type\":\"").append(type)
                                .append("\",\"occurredAt\":\"").append(base.plusMillis(i % 86_000_000))
                                .append("\",\"channel\":\"wecom/main\",\"identity\":{\"type\":\"phone\",\"value\":\"")
                                .append(phone(phoneBase + random.nextInt(customers))).append("\"},\"properties\":");
                        if (type.equals("order")) {
                            body.append("{\"amount\":").append(random.nextInt(100_000) / 100.0).append(",\"store\":\"SH-")
                                    .append(random.nextInt(50)).append("\"}}");
                        } else {
                            body.append("{\"url\":\"https://example.com/a/").append(random.nextInt(1000)).append("\"}}");
                        }
                    }
                    String json = body.append(']').toString();
                    long s = System.nanoTime();
                    int[] answer = post(http, url, auth, json);
                    if (answer[2] != 0) {
                        throw new IllegalStateException("events for known customers created " + answer[2]
                                + " customers: block " + block + " does not hold " + customers + " customers of an earlier run");
                    }
                    long done = accepted.addAndGet(answer[0]);
                    millis[b] = (System.nanoTime() - s) / 1e6;
                    if ((b + 1) % 20 == 0) {
                        synchronized (window) {
                            long now = System.nanoTime();
                            System.out.printf("  %s%,d events, %.0f /s overall, %.0f /s lately%n", phase.isEmpty() ? "" : "warm-up: ", done, done / seconds(t1),
                                    (done - window[1]) / ((now - window[0]) / 1e9));
                            window[0] = now;
                            window[1] = done;
                        }
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            producers.shutdownNow();
        }
        if (accepted.get() != total) {
            throw new IllegalStateException("expected " + total + " events accepted, the node accepted " + accepted.get());
        }
        return total / seconds(t1);
    }

    /**
     * Phase 1 with {@code -Dbench.tags=N}: the customers come from a CSV import through the node
     * instead, each with N tags drawn from 10·N tags of group "bench" (so a tag holds a tenth of
     * the customers), a region and a gender. Answers rows per second from upload to the job's end.
     */
    private static double importCustomers(HttpClient http, String url, String auth, int customers, long phoneBase,
            int tagsEach) throws Exception {
        String[] regions = {"上海", "北京", "广州", "深圳", "杭州", "成都", "武汉", "南京"};
        Path csv = Files.createTempFile("bench-customers-", ".csv");
        try {
            try (java.io.BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                w.write("displayName,identity:phone,tags,attr:region,attr:gender\n");
                for (int i = 0; i < customers; i++) {
                    Random random = new Random(i);
                    java.util.TreeSet<Integer> tags = new java.util.TreeSet<>();
                    while (tags.size() < tagsEach) {
                        tags.add(random.nextInt(10 * tagsEach));
                    }
                    StringBuilder row = new StringBuilder(40 + 12 * tagsEach).append("客户").append(i).append(',')
                            .append(phone(phoneBase + i)).append(',');
                    for (int t : tags) {
                        row.append(t == tags.first() ? "" : ";").append(String.format("bench/t%03d", t));
                    }
                    row.append(',').append(regions[random.nextInt(regions.length)]).append(',')
                            .append(random.nextBoolean() ? "female" : "male").append('\n');
                    w.write(row.toString());
                }
            }
            System.out.printf("  importing %,d customers with %d tags each (%.0f MiB CSV)%n", customers, tagsEach,
                    Files.size(csv) / 1048576.0);
            long t0 = System.nanoTime();
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(url + "?createTags=true"))
                    .timeout(Duration.ofMinutes(10)).header("Authorization", auth).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(started.body());
            if (started.statusCode() != 202 || !id.find()) {
                throw new IllegalStateException("HTTP " + started.statusCode() + ": " + started.body());
            }
            Pattern state = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\".*\"rowsWritten\"\\s*:\\s*(\\d+)"
                    + ".*\"rowsFailed\"\\s*:\\s*(\\d+)", Pattern.DOTALL);
            for (int polls = 0;; polls++) {
                Thread.sleep(1000);
                String body = http.send(HttpRequest.newBuilder(URI.create(url.replace("/customers", "/") + id.group(1)))
                        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = state.matcher(body);
                if (!m.find()) {
                    throw new IllegalStateException("unexpected job status: " + body);
                }
                if (!m.group(1).equals("running")) {
                    if (!m.group(1).equals("done") || Long.parseLong(m.group(3)) != 0
                            || Long.parseLong(m.group(2)) != customers) {
                        throw new IllegalStateException("the import ended " + body.substring(0, Math.min(800, body.length())));
                    }
                    double rate = customers / seconds(t0);
                    System.out.printf("  imported %,d customers in %.1f s: %.0f rows/s%n", customers, seconds(t0), rate);
                    return rate;
                }
                if (polls % 10 == 9) {
                    System.out.printf("  %,d rows written, %.0f /s%n", Long.parseLong(m.group(2)),
                            Long.parseLong(m.group(2)) / seconds(t0));
                }
            }
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** Sends one batch; answers {accepted, duplicates, createdCustomers} or fails with the node's answer. */
    private static int[] post(HttpClient http, String url, String auth, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher m = COUNTS.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            String text = response.body();
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + text.substring(0, Math.min(500, text.length())));
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private static String phone(long n) {
        return String.format("+8616%09d", n);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
