package io.siyu.core.internal.sop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.PageRequest;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopInstance;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopStepRun;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.policy.TouchPolicyImpl;
import io.siyu.core.internal.policy.TouchPolicyTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SOP sends against the real touch policy (not a scripted one), on Derby and PostgreSQL: an opted-out
 * customer's step is blocked by consent and the SOP goes on; a send that falls in quiet hours waits
 * for the morning and then goes; a scenario the brand has not allowed is blocked.
 */
class SopTouchPolicyTest {
    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** WeCom account "main" of corp1, as the policy sees it. */
    static final ChannelAdapter WECOM = new TouchPolicyTest.Account("wecom", "main",
            new RecipientScope(IdentityType.WECOM_EXTERNAL_USERID, "corp1"), new ChannelLimits(10_000, 1, Duration.ofDays(1), 0));
    static final ChannelRegistry REGISTRY = TouchPolicyTest.registry(Map.of("wecom/main", WECOM));

    static final String REMINDER = """
            {"name": "Form reminder", "trigger": {"type": "event", "eventType": "form.submit"},
             "steps": [{"id": "remind", "type": "perform", "action": {"type": "sendMessage", "channel": "wecom/main",
                        "kind": "direct", "text": "{name}，您的预约已收到", "scenario": "%s"}},
                       {"id": "task", "type": "perform", "action": {"type": "createTask", "kind": "follow_up",
                        "title": "跟进预约"}}]}
            """;

    static void submit(SopFixture f, String id, Customer c) {
        f.core.events.ingest(Caller.SYSTEM, List.of(new EventDraft(id, "form.submit", f.clock.instant(), null, c.id(),
                null, Map.of(), List.of())));
    }

    static SopInstance instanceOf(SopFixture f, long sop, Customer c) {
        return f.sops.instances(SopFixture.ADMIN, sop, null, new PageRequest(0, 100)).items().stream()
                .filter(i -> i.customerId() == c.id()).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void consentBlocksQuietHoursDelayAndAnUnallowedScenarioBlocks(String kind, Supplier<TestStores> stores) throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            TouchPolicyImpl policy = new TouchPolicyImpl(f.stores.store, REGISTRY, f.clock);
            SopServiceImpl engine = f.withPolicy(policy);
            SopDefinition sop = f.defineActive(REMINDER.formatted("important_reminder"));
            Customer optedOut = f.customer("退订客户", "wm-out", Map.of("ownerStaff", "zhangsan"));
            Customer night = f.customer("夜里客户", "wm-night", Map.of("ownerStaff", "zhangsan"));
            f.stores.store.consents().record(new Consent(optedOut.id(), "wecom", ConsentState.OPTED_OUT, f.clock.instant(),
                    "reply"), f.clock.instant());

            submit(f, "e-out", optedOut); // 10:00 Shanghai
            engine.tick();
            engine.tick();
            SopInstance out = instanceOf(f, sop.id(), optedOut);
            assertEquals(SopInstanceState.COMPLETED, out.state(), "a blocked send does not stop the SOP");
            SopStepRun blocked = engine.steps(SopFixture.ADMIN, out.id()).get(0);
            assertEquals(SopStepRun.Outcome.BLOCKED, blocked.outcome());
            assertTrue(blocked.detail().startsWith("consent"), blocked.detail());
            assertEquals(0, f.messages().size());

            f.advance(Duration.ofHours(12)); // 22:00 Shanghai
            submit(f, "e-night", night);
            engine.tick();
            SopInstance waiting = instanceOf(f, sop.id(), night);
            assertEquals(SopInstanceState.WAITING, waiting.state());
            assertEquals(Instant.parse("2026-11-24T00:00:00Z"), waiting.wakeAt(), "08:00 in Shanghai");
            assertEquals(0, f.messages().size(), "nothing at night");
            f.advance(Duration.ofHours(10));
            engine.tick();
            engine.tick();
            assertEquals(1, f.messages().size(), "sent in the morning");
            assertEquals(SopInstanceState.COMPLETED, instanceOf(f, sop.id(), night).state());

            PolicySettings d = policy.settings();
            policy.updateSettings(Caller.SYSTEM, new PolicySettings(d.brandZone(), d.quietFrom(), d.quietUntil(),
                    d.crossChannelPerDay(), d.crossChannelPerWeek(), d.channelQuotas(),
                    java.util.EnumSet.of(io.siyu.api.policy.TouchScenario.CUSTOMER_INITIATED), d.complaintQuietDays(), d.moments()));
            Customer later = f.customer("后来的客户", "wm-later", Map.of("ownerStaff", "zhangsan"));
            submit(f, "e-later", later);
            engine.tick();
            engine.tick();
            SopStepRun notAllowed = engine.steps(SopFixture.ADMIN, instanceOf(f, sop.id(), later).id()).get(0);
            assertEquals(SopStepRun.Outcome.BLOCKED, notAllowed.outcome());
            assertTrue(notAllowed.detail().startsWith("scenario"), notAllowed.detail());
            assertEquals(1, f.messages().size());
        }
    }
}
