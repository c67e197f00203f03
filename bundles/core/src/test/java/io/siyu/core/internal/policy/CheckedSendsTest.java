package io.siyu.core.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ForbiddenException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.audit.AuditActions;
import io.siyu.api.audit.AuditEntry;
import io.siyu.api.audit.AuditQuery;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.org.Caller;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Staff;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import io.siyu.api.policy.TouchBlockedException;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.policy.TouchScenario;
import io.siyu.core.internal.ConsentServiceImpl;
import io.siyu.core.internal.CustomerServiceImpl;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.audit.AuditLogImpl;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.outbox.OutboxService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /messages} behind the touch policy: messages queued by hand reach only known customers
 * the caller may see, every recipient is checked and nothing is queued when one is blocked; an
 * administrator's bypass is audited before the message is stored. On Derby and PostgreSQL.
 */
public class CheckedSendsTest {
    static Stream<Arguments> stores() {
        return TouchPolicyTest.stores();
    }

    static final class Fixture implements AutoCloseable {
        final TestStores ts;
        final MutableClock clock = new MutableClock(TouchPolicyTest.MORNING);
        final Authority authority;
        final AuditLogImpl audit;
        final CustomerServiceImpl customers;
        final OutboxService outbox;
        final TouchPolicyImpl policy;
        final CheckedSendsImpl sends;

        Fixture(TestStores ts) {
            this.ts = ts;
            authority = Authority.of(ts.store, List::of);
            audit = new AuditLogImpl(ts.store, authority, clock);
            customers = new CustomerServiceImpl(ts.store, TestStores.attributeSchema(ts.store), clock, authority, audit);
            outbox = new OutboxService(ts.store, TouchPolicyTest.registry(Map.of(TouchPolicyTest.WECOM.descriptor().key(),
                    TouchPolicyTest.WECOM)), clock, 60, 12);
            policy = new TouchPolicyImpl(ts.store, TouchPolicyTest.registry(Map.of(TouchPolicyTest.WECOM.descriptor()
                    .key(), TouchPolicyTest.WECOM)), clock);
            sends = new CheckedSendsImpl(customers, policy, outbox, audit, authority, clock);
            ts.store.org().putUnit(new OrgUnit("hq", null, "总部", "head-office"), clock.instant());
            ts.store.org().putUnit(new OrgUnit("sh", "hq", "上海店", "store"), clock.instant());
            ts.store.org().putStaff(new Staff("zhang", "张", "sh", Set.of(), Set.of("staff"), null, true), clock.instant());
        }

        long customer(String name, String owner, ChannelIdentity... identities) {
            return customers.create(Caller.SYSTEM, new CustomerDraft(name, List.of(identities), Set.of(),
                    owner == null ? Map.of() : Map.of("ownerStaff", owner))).id();
        }

        Caller admin() {
            return authority.callerFor("admin", Set.of("admin"));
        }

        Caller staff() {
            return authority.callerFor("zhang", Set.of());
        }

        @Override
        public void close() {
            ts.close();
        }
    }

    static OutboundMessage direct(String key, TouchScenario scenario, ChannelIdentity... to) {
        return new OutboundMessage(key, "wecom", "main", MessageKind.DIRECT, List.of(to), List.of(),
                MessageContent.Text.of("您好，您的订单已发货"), scenario, "zhang", Map.of());
    }

    static ChannelIdentity wecom(String id) {
        return TouchPolicyTest.wecom(id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void staffReachTheirOwnCustomersWithAnAllowedScenarioAndARetryIsNotBlockedByItsOwnTouch(String name,
            Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            f.customer("王女士", "zhang", wecom("wm-own"));
            OutboundMessage m = direct("after-sales-1", TouchScenario.AFTER_SALES, wecom("wm-own"));
            OutboxEntry first = f.sends.send(f.staff(), m, null);
            assertEquals("after-sales-1", first.idempotencyKey());
            OutboxEntry again = f.sends.send(f.staff(), m, null);
            assertEquals(first.createdAt(), again.createdAt(), "a retry returns the stored message");
            assertEquals(1, f.outbox.list(new io.siyu.api.channel.OutboxQuery(null, Set.of()), PageRequest.first(10))
                    .total());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void oneBlockedRecipientQueuesNothingAndEachBlockNamesItsRuleAndWhenItLifts(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            f.customer("可以", null, wecom("wm-ok"));
            long optedOut = f.customer("退订", null, wecom("wm-out"));
            new ConsentServiceImpl(f.ts.store).record(Caller.SYSTEM, new Consent(optedOut, "wecom",
                    ConsentState.OPTED_OUT, f.clock.instant(), "customer asked"));
            long gotMass = f.customer("已群发", null, wecom("wm-mass"));
            f.sends.send(f.admin(), new OutboundMessage("mass-today", "wecom", "main", MessageKind.MASS,
                    List.of(wecom("wm-mass")), List.of(), MessageContent.Text.of("双十二预告"), null, "zhang", Map.of()),
                    null);

            TouchBlockedException blocked = assertThrows(TouchBlockedException.class, () -> f.sends.send(f.admin(),
                    new OutboundMessage("mass-again", "wecom", "main", MessageKind.MASS, List.of(wecom("wm-ok"),
                            wecom("wm-out"), wecom("wm-mass")), List.of(), MessageContent.Text.of("再发一次"), null, "zhang",
                            Map.of()), null));
            assertEquals(List.of("recipients[1]", "recipients[2]"), blocked.blocked().stream()
                    .map(TouchBlockedException.Blocked::target).toList());
            assertEquals(TouchPolicy.RULE_CONSENT, blocked.blocked().get(0).decision().ruleId());
            assertEquals(optedOut, blocked.blocked().get(0).customerId());
            assertEquals(TouchPolicy.RULE_CHANNEL_QUOTA, blocked.blocked().get(1).decision().ruleId());
            assertEquals(gotMass, blocked.blocked().get(1).customerId());
            assertEquals(Instant.parse("2026-11-24T00:00:00Z"), blocked.blocked().get(1).decision().allowedFrom(),
                    "the next morning at 08:00 in Shanghai");
            assertTrue(f.outbox.find("mass-again").isEmpty(), "nothing queued");

            // a proactive 1:1 message needs an allowed scenario; quiet hours hold back everyone
            assertEquals(TouchPolicy.RULE_SCENARIO, assertThrows(TouchBlockedException.class, () -> f.sends.send(
                    f.admin(), direct("no-scenario", null, wecom("wm-ok")), null)).blocked().get(0).decision().ruleId());
            f.clock.advance(Duration.ofHours(12)); // 22:00 in Shanghai
            TouchBlockedException quiet = assertThrows(TouchBlockedException.class, () -> f.sends.send(f.admin(),
                    direct("late", TouchScenario.AFTER_SALES, wecom("wm-ok")), null));
            assertEquals(TouchPolicy.RULE_QUIET_HOURS, quiet.blocked().get(0).decision().ruleId());
            // the same message for tomorrow morning is fine: the policy is asked about the time it will go
            f.sends.send(f.admin(), direct("late", TouchScenario.AFTER_SALES, wecom("wm-ok")),
                    Instant.parse("2026-11-24T01:00:00Z"));
            // group chats: quiet hours only
            TouchBlockedException group = assertThrows(TouchBlockedException.class, () -> f.sends.send(f.admin(),
                    new OutboundMessage("group-late", "wecom", "main", MessageKind.GROUP, List.of(),
                            List.of("wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA"), MessageContent.Text.of("今晚直播"), null, "zhang",
                            Map.of()), null));
            assertEquals("groupChatIds[0]", group.blocked().get(0).target());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void unknownIdentitiesAndCustomersOutsideTheCallersScopeAreRefusedAsInput(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            f.customer("别人的客户", "li", wecom("wm-other"));
            ValidationException e = assertThrows(ValidationException.class, () -> f.sends.send(f.staff(),
                    direct("x", TouchScenario.AFTER_SALES, wecom("wm-nobody"), wecom("wm-other")), null));
            assertEquals(List.of("recipients[0]", "recipients[1]"), e.errors().stream().map(x -> x.field()).toList(),
                    "another's customer reads as unknown: no existence leaks across scopes");
            assertTrue(f.outbox.find("x").isEmpty());
            // a stranger who asked (a verification code) may get the answer; another's customer may not
            assertEquals(List.of("recipients[1]"), assertThrows(ValidationException.class, () -> f.sends.send(f.staff(),
                    direct("x", TouchScenario.CUSTOMER_INITIATED, wecom("wm-nobody"), wecom("wm-other")), null))
                    .errors().stream().map(x -> x.field()).toList());
            f.sends.send(f.staff(), direct("otp", TouchScenario.CUSTOMER_INITIATED, wecom("wm-nobody")), null);
            assertTrue(f.outbox.find("otp").isPresent());
            assertThrows(ForbiddenException.class, () -> f.sends.send(
                    new Caller("viewer", Set.of("siyu-viewer"), null, io.siyu.api.org.DataScope.ALL),
                    direct("y", TouchScenario.AFTER_SALES, wecom("wm-other")), null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void onlyAnAdministratorMayBypassThePolicyAndTheReasonIsAuditedOnce(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            OutboundMessage toStranger = direct("load-test-1", null, wecom("wm-stranger"));
            assertThrows(ForbiddenException.class, () -> f.sends.sendUnchecked(f.staff(), toStranger, null, "test"));
            assertEquals("reason", assertThrows(ValidationException.class, () -> f.sends.sendUnchecked(f.admin(),
                    toStranger, null, " ")).errors().get(0).field());
            assertTrue(f.outbox.find("load-test-1").isEmpty());

            f.sends.sendUnchecked(f.admin(), toStranger, null, "sandbox load test");
            f.sends.sendUnchecked(f.admin(), toStranger, null, "sandbox load test");
            List<AuditEntry> entries = f.audit.query(f.admin(), new AuditQuery(null, AuditActions.MESSAGE_SEND_UNCHECKED,
                    null, null, null, null, PageRequest.first(10))).items();
            assertEquals(1, entries.size());
            assertEquals("admin", entries.get(0).actor());
            assertEquals("load-test-1", entries.get(0).subjectId());
            assertEquals("sandbox load test", entries.get(0).detail());
            assertTrue(f.outbox.find("load-test-1").isPresent());
        }
    }
}
