package io.siyu.core.internal.sop;

import static io.siyu.core.internal.sop.SopFixture.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.siyu.api.PageRequest;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.event.EventDraft;
import io.siyu.api.org.Caller;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopInstance;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopStepRun;
import io.siyu.core.internal.TestStores;
import io.siyu.store.SopRepository;
import io.siyu.store.SopTransition;
import io.siyu.store.Store;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each action runs exactly once even when the engine dies between doing it and recording it: the
 * store "crashes" the engine at the write that would record an action (once per action), a new
 * engine takes over on the same database once the dead one's lease ran out, and runs the action
 * again, which must not repeat its effect.
 */
class SopCrashTest {
    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** The node dying: nothing after it happens, nothing catches it. */
    static final class NodeDied extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** The store as a dying node sees it: the first write recording each action step never happens. */
    static Store crashing(Store store, Set<String> actionSteps, Set<String> crashedOnce) {
        SopRepository real = store.sops();
        InvocationHandler sops = (proxy, method, args) -> {
            if (method.getName().equals("settle")) {
                @SuppressWarnings("unchecked")
                List<SopTransition> transitions = (List<SopTransition>) args[0];
                for (SopTransition t : transitions) {
                    for (SopStepRun r : t.runs()) {
                        if (actionSteps.contains(r.stepId()) && crashedOnce.add(r.stepId())) {
                            throw new NodeDied();
                        }
                    }
                }
            }
            return invoke(method, real, args);
        };
        SopRepository dying = (SopRepository) Proxy.newProxyInstance(SopCrashTest.class.getClassLoader(),
                new Class<?>[] {SopRepository.class}, sops);
        return (Store) Proxy.newProxyInstance(SopCrashTest.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> method.getName().equals("sops") ? dying : invoke(method, store, args));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A webhook receiver that records each call's idempotency key. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<String> keys = new CopyOnWriteArrayList<>();
        final AtomicInteger status = new AtomicInteger(200);

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void everyActionRunsOnceAlthoughTheEngineDiesBeforeRecordingEachOfThem(String kind, Supplier<TestStores> stores)
            throws Exception {
        Set<String> actions = Set.of("hello", "task", "tag", "job", "hook", "invite");
        Set<String> crashed = ConcurrentHashMap.newKeySet();
        TestStores ts = stores.get();
        try (SopFixture f = new SopFixture(ts, s -> crashing(s, actions, crashed)); Receiver receiver = new Receiver()) {
            Tag vip = f.core.tags.create(new TagDraft("level", "VIP", null));
            SopDefinition sop = f.defineActive("""
                    {"name": "Everything", "trigger": {"type": "event", "eventType": "form.submit"},
                     "steps": [
                       {"id": "hello", "type": "perform", "action": {"type": "sendMessage", "channel": "wecom/main",
                        "kind": "direct", "text": "Hello", "scenario": "after_sales"}},
                       {"id": "task", "type": "perform", "action": {"type": "createTask", "kind": "call", "title": "Call"}},
                       {"id": "tag", "type": "perform", "action": {"type": "changeTags", "add": [%d]}},
                       {"id": "job", "type": "perform", "action": {"type": "setAttribute", "attribute": "occupation",
                        "value": "teacher"}},
                       {"id": "hook", "type": "perform", "action": {"type": "callWebhook", "url": "%s"}},
                       {"id": "invite", "type": "perform", "action": {"type": "inviteToGroup", "channel": "wecom/main",
                        "groupChatId": "wr-group-1"}}]}
                    """.formatted(vip.id(), receiver.url()));
            Customer lin = f.customer("Lin", "wm-lin", Map.of("ownerStaff", "zhangsan"));
            f.core.events.ingest(Caller.SYSTEM, List.of(new EventDraft("s1", "form.submit", f.clock.instant(), null,
                    lin.id(), null, Map.of(), List.of())));

            int deaths = 0;
            SopServiceImpl engine = f.sops;
            for (int node = 0; node < 20; node++) {
                try {
                    engine.tick();
                    break;
                } catch (NodeDied died) {
                    deaths++;
                    // the dead node keeps its lease until it runs out; then another node takes over
                    f.advance(Duration.ofSeconds(61));
                    engine = f.engine("node-" + node, crashing(ts.store, actions, crashed), f.tasks, SopFixture.options());
                }
            }
            assertEquals(actions.size(), deaths, "the engine died once after each action");
            SopInstance instance = f.sops.instances(ADMIN, sop.id(), null, new PageRequest(0, 10)).items().get(0);
            assertEquals(SopInstanceState.COMPLETED, f.sops.instance(ADMIN, instance.id()).state());

            assertEquals(1, f.messages().size(), "one message, although the send ran twice");
            assertEquals(2, f.tasks().size(), "one call task and one invitation task");
            Customer after = f.core.customers.get(Caller.SYSTEM, lin.id());
            assertTrue(after.tags().stream().anyMatch(t -> t.id() == vip.id()));
            assertEquals("teacher", after.attributes().get("occupation"));
            String key = "sop-" + instance.id() + "-hook";
            assertEquals(List.of(key, key), receiver.keys, "the webhook was called again with the same key");

            List<SopStepRun> runs = f.sops.steps(ADMIN, instance.id());
            assertEquals(List.of("hello", "task", "tag", "job", "hook", "invite"),
                    runs.stream().map(SopStepRun::stepId).toList(), "one record per step, in order");
            assertTrue(runs.stream().allMatch(r -> r.outcome() == SopStepRun.Outcome.DONE));
            assertEquals(2, runs.get(4).attempts(), "the webhook's record counts both attempts");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aWebhookIsRetriedWithBackoffAndARefusalFailsTheInstance(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (SopFixture f = new SopFixture(stores.get()); Receiver receiver = new Receiver()) {
            SopDefinition sop = f.defineActive("""
                    {"name": "Hook", "trigger": {"type": "event", "eventType": "form.submit"},
                     "steps": [{"id": "hook", "type": "perform", "action": {"type": "callWebhook", "url": "%s"}}]}
                    """.formatted(receiver.url()));
            Customer a = f.customer("A", null, Map.of());
            Customer b = f.customer("B", null, Map.of());
            receiver.status.set(503);
            f.core.events.ingest(Caller.SYSTEM, List.of(new EventDraft("a1", "form.submit", f.clock.instant(), null,
                    a.id(), null, Map.of(), List.of())));
            f.sops.tick();
            SopInstance i = f.sops.instances(ADMIN, sop.id(), null, new PageRequest(0, 10)).items().get(0);
            assertEquals(SopInstanceState.WAITING, i.state());
            assertEquals(f.clock.instant().plusSeconds(30), i.wakeAt(), "first retry after the base backoff");
            assertEquals(SopStepRun.Outcome.STARTED, f.sops.steps(ADMIN, i.id()).get(0).outcome());
            f.advance(Duration.ofSeconds(29));
            f.sops.tick();
            assertEquals(1, receiver.keys.size(), "no retry before the backoff ends");
            receiver.status.set(200);
            f.advance(Duration.ofSeconds(1));
            f.sops.tick();
            SopStepRun run = f.sops.steps(ADMIN, i.id()).get(0);
            assertEquals(SopStepRun.Outcome.DONE, run.outcome());
            assertEquals(2, run.attempts());
            assertEquals(SopInstanceState.COMPLETED, f.sops.instance(ADMIN, i.id()).state());

            receiver.status.set(404);
            f.core.events.ingest(Caller.SYSTEM, List.of(new EventDraft("b1", "form.submit", f.clock.instant(), null,
                    b.id(), null, Map.of(), List.of())));
            f.sops.tick();
            SopInstance failed = f.sops.history(ADMIN, b.id(), new PageRequest(0, 10)).items().get(0);
            assertEquals(SopInstanceState.FAILED, failed.state());
            assertTrue(failed.error().contains("HTTP 404"), failed.error());
        }
    }
}
