package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.policy.SubscriptionGrants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mini-program subscription grants counted exactly (schema 19): each acceptance one grant, the same
 * acceptance reported twice one, each send uses exactly one even when senders race, 43101 zeroes the
 * template's grants and only that template's; a merge takes the grants along and its undo brings them back.
 */
class SubscriptionGrantsTest {
    static final Instant T = Instant.parse("2026-11-11T02:00:00Z");
    static final String APP = "wx0000000000000001";
    static final String TEMPLATE = "tmpl-order-shipped";
    static final String OTHER = "tmpl-coupon";

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    static long customer(TestStores s, String name) {
        return s.store.customers().insert(new CustomerDraft(name, List.of(), Set.of(), Map.of()), T).id();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void eachAcceptanceIsOneGrantAndEachSendUsesExactlyOne(String name, Supplier<TestStores> s) throws Exception {
        try (TestStores stores = s.get()) {
            SubscriptionGrants grants = new SubscriptionGrantsImpl(stores.store);
            long c = customer(stores, "王芳");
            assertTrue(grants.grant(c, APP, TEMPLATE, "evt-1", T));
            assertTrue(grants.grant(c, APP, TEMPLATE, "evt-2", T.plusSeconds(1)));
            assertFalse(grants.grant(c, APP, TEMPLATE, "evt-2", T.plusSeconds(1)), "the same acceptance again");
            assertTrue(grants.grant(c, APP, TEMPLATE, "evt-3", T.plusSeconds(2)));
            assertTrue(grants.grant(c, APP, OTHER, "evt-3", T.plusSeconds(2)), "one event, two templates");
            assertEquals(3, grants.available(c, APP, TEMPLATE));
            assertEquals(0, grants.available(c, "wx-other-app", TEMPLATE), "grants belong to one mini program");

            assertTrue(grants.consume(c, APP, TEMPLATE, "mp-1", T.plusSeconds(10)));
            assertEquals(2, grants.available(c, APP, TEMPLATE));

            // two senders racing for the last two grants and a third one: exactly two win
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Boolean>> race = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String key = "race-" + i;
                    race.add(pool.submit(() -> grants.consume(c, APP, TEMPLATE, key, T.plusSeconds(20))));
                }
                int won = 0;
                for (Future<Boolean> f : race) {
                    won += f.get() ? 1 : 0;
                }
                assertEquals(2, won);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, grants.available(c, APP, TEMPLATE));
            assertFalse(grants.consume(c, APP, TEMPLATE, "mp-9", T.plusSeconds(30)), "none left");
            assertEquals(1, grants.available(c, APP, OTHER), "other templates untouched");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void the43101ZeroesTheTemplatesGrants(String name, Supplier<TestStores> s) {
        try (TestStores stores = s.get()) {
            SubscriptionGrants grants = new SubscriptionGrantsImpl(stores.store);
            long c = customer(stores, "李雷");
            grants.grant(c, APP, TEMPLATE, "a", T);
            grants.grant(c, APP, TEMPLATE, "b", T);
            grants.grant(c, APP, OTHER, "c", T);
            assertEquals(2, grants.revokeAll(c, APP, TEMPLATE, "43101", T.plusSeconds(5)));
            assertEquals(0, grants.available(c, APP, TEMPLATE));
            assertEquals(1, grants.available(c, APP, OTHER));
            assertTrue(grants.grant(c, APP, TEMPLATE, "d", T.plusSeconds(6)), "a later acceptance counts again");
            assertEquals(1, grants.available(c, APP, TEMPLATE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aMergeTakesTheGrantsAlongAndItsUndoBringsThemBack(String name, Supplier<TestStores> s) {
        try (TestStores stores = s.get()) {
            SubscriptionGrants grants = new SubscriptionGrantsImpl(stores.store);
            long survivor = customer(stores, "韩梅梅");
            long merged = customer(stores, "韩梅梅 (小程序)");
            grants.grant(survivor, APP, TEMPLATE, "s-1", T);
            grants.grant(merged, APP, TEMPLATE, "m-1", T);
            MergeRecord m = stores.store.identities().merge(survivor, merged, null, "test", T.plusSeconds(1));
            long live = m.survivorId();
            assertEquals(2, grants.available(live, APP, TEMPLATE));
            assertTrue(grants.grant(merged, APP, TEMPLATE, "m-2", T.plusSeconds(2)), "the merged id lands on the survivor");
            assertEquals(3, grants.available(live, APP, TEMPLATE));

            stores.store.identities().undo(m.id(), "test", T.plusSeconds(3));
            assertEquals(1, grants.available(m.mergedId(), APP, TEMPLATE), "its own grant went back");
            assertEquals(2, grants.available(live, APP, TEMPLATE));
        }
    }
}
