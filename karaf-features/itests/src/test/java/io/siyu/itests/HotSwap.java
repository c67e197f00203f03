package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * The check every channel adapter passes: messages queued through {@code POST /messages} while
 * the adapter's feature is uninstalled, reinstalled and its bundle updated reach the provider
 * exactly once each, and the core bundles are never restarted or refreshed.
 */
final class HotSwap {
    static final List<String> CORE_BUNDLES = List.of("io.siyu.core-api", "io.siyu.store-jpa", "io.siyu.core",
            "io.siyu.rest", "io.siyu.shell");

    /** What differs between channels. */
    interface Channel {
        /** The feature swapped, e.g. {@code siyu-channel-wecom}. */
        String feature();

        /** The adapter bundle updated in place, e.g. {@code io.siyu.channel-wecom}. */
        String bundle();

        /** {@code type/account}, as the outbox names it. */
        String channel();

        /** The {@code POST /messages} body of message {@code i}; its text must let {@link #providerCopies} tell i. */
        String message(int i);

        /** How many times the provider received each message number. */
        Map<Integer, Integer> providerCopies() throws Exception;
    }

    private HotSwap() {
    }

    static void assertDeliveredExactlyOnce(InContainer test, Channel channel, int messages) throws Exception {
        Map<String, Long> before = coreBundles(test);
        Map<String, Long> modified = coreLastModified(test);
        // Every other bundle stays as it is too: a stopped Derby engine or data source is an outage.
        List<String> othersChanged = new CopyOnWriteArrayList<>();
        BundleListener others = e -> {
            if (!channel.bundle().equals(e.getBundle().getSymbolicName())
                    && (e.getType() & (BundleEvent.STOPPED | BundleEvent.UNRESOLVED | BundleEvent.UPDATED
                            | BundleEvent.UNINSTALLED)) != 0) {
                othersChanged.add(e.getBundle().getSymbolicName() + " " + eventName(e.getType()));
            }
        };
        test.bundleContext.addBundleListener(others);
        try {
            swap(test, channel, messages, modified, before);
        } catch (Exception | AssertionError e) {
            throw new AssertionError(e.getMessage() + "; other bundles meanwhile: " + othersChanged
                    + "; karaf.log ends with:\n" + InContainer.logTail(40), e);
        } finally {
            test.bundleContext.removeBundleListener(others);
        }
        assertEquals("no bundle but the adapter stopped, was updated or unresolved", List.of(), othersChanged);
    }

    private static String eventName(int type) {
        switch (type) {
        case BundleEvent.STOPPED:
            return "STOPPED";
        case BundleEvent.UNRESOLVED:
            return "UNRESOLVED";
        case BundleEvent.UPDATED:
            return "UPDATED";
        default:
            return "UNINSTALLED";
        }
    }

    private static void swap(InContainer test, Channel channel, int messages, Map<String, Long> modified,
            Map<String, Long> before) throws Exception {
        AtomicInteger queued = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            done.add(senders.submit(() -> {
                for (int i = first; i < messages; i += 4) {
                    HttpResponse<String> r = test.asAdmin("POST", "/messages", channel.message(i));
                    if (r.statusCode() != 202) {
                        throw new AssertionError(r.statusCode() + " " + r.body());
                    }
                    queued.incrementAndGet();
                }
                return null;
            }));
        }
        EnumSet<FeaturesService.Option> noRefresh = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
        waitFor(() -> queued.get() >= messages / 5);
        test.features.uninstallFeature(channel.feature(), noRefresh);
        String away = "\"channel\":\"" + channel.channel() + "\",\"adapterPresent\":false";
        HttpResponse<String> depth = InContainer.eventually(Duration.ofSeconds(30),
                () -> test.asAdmin("GET", "/outbox/depth", null), r -> r.body().contains(away));
        assertTrue("messages wait while the adapter is away: " + depth.body(), depth.body().contains(away));
        waitFor(() -> queued.get() >= messages / 2);
        test.features.installFeature(channel.feature(), noRefresh);
        waitFor(() -> queued.get() >= messages * 3 / 4);
        String update = test.execute("bundle:update " + channel.bundle());
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();

        HttpResponse<String> drained = InContainer.eventually(Duration.ofMinutes(10),
                () -> test.asAdmin("GET", "/outbox?channel=" + channel.channel()
                        + "&state=queued,sending,failed&limit=1", null),
                r -> r.body().contains("\"total\":0"));
        assertTrue(update + drained.body(), drained.body().contains("\"total\":0"));
        HttpResponse<String> sent = test.asAdmin("GET", "/outbox?channel=" + channel.channel() + "&state=sent&limit=1",
                null);
        assertTrue(sent.body(), Pattern.compile("\"total\":(\\d+)").matcher(sent.body()).results()
                .anyMatch(m -> Long.parseLong(m.group(1)) >= messages));

        Map<Integer, Integer> copies = channel.providerCopies();
        assertEquals("every message reached the provider", messages, copies.size());
        assertTrue("none twice: " + copies.entrySet().stream().filter(e -> e.getValue() > 1).limit(5).toList(),
                copies.values().stream().allMatch(n -> n == 1));
        assertEquals("the core was never restarted or refreshed", before, coreBundles(test));
        assertEquals(modified, coreLastModified(test));
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }

    static Map<String, Long> coreBundles(InContainer test) {
        Map<String, Long> ids = new TreeMap<>();
        for (Bundle b : test.bundleContext.getBundles()) {
            if (CORE_BUNDLES.contains(b.getSymbolicName())) {
                assertEquals(b.getSymbolicName() + " active", Bundle.ACTIVE, b.getState());
                ids.put(b.getSymbolicName(), b.getBundleId());
            }
        }
        assertEquals(CORE_BUNDLES.size(), ids.size());
        return ids;
    }

    private static Map<String, Long> coreLastModified(InContainer test) {
        Map<String, Long> modified = new TreeMap<>();
        for (Bundle b : test.bundleContext.getBundles()) {
            if (CORE_BUNDLES.contains(b.getSymbolicName())) {
                modified.put(b.getSymbolicName(), b.getLastModified());
            }
        }
        return modified;
    }
}
