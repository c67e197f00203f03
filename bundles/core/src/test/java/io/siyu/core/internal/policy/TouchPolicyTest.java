package io.siyu.core.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import io.siyu.api.policy.MomentCheck;
import io.siyu.api.policy.MomentRequest;
import io.siyu.api.policy.PolicyDecision;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.policy.TouchRequest;
import io.siyu.api.policy.TouchScenario;
import io.siyu.core.internal.ConsentServiceImpl;
import io.siyu.core.internal.EventServiceImplAccess;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.store.NewOutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The touch rules one by one, on Derby and PostgreSQL, with a clock the test sets. */
public class TouchPolicyTest {
    /** 10:00 in Shanghai, a Monday. */
    static final Instant MORNING = Instant.parse("2026-11-23T02:00:00Z");
    static final String CORP = "wwcorp";

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** A channel account as the policy sees it: what it addresses and the quota it declares. */
    public record Account(String type, String account, RecipientScope scope, ChannelLimits limits) implements ChannelAdapter {
        @Override
        public ChannelDescriptor descriptor() {
            return new ChannelDescriptor(type, account, null, Set.of(ChannelCapability.MASS_MESSAGE,
                    ChannelCapability.DIRECT_MESSAGE, ChannelCapability.TEMPLATE_MESSAGE), limits);
        }

        @Override
        public SendResult send(OutboundMessage message) {
            throw new AssertionError("the policy never sends");
        }

        @Override
        public ChannelHealth health() {
            return ChannelHealth.up(Duration.ZERO);
        }

        @Override
        public Optional<RecipientScope> recipientScope() {
            return Optional.ofNullable(scope);
        }
    }

    static final Account WECOM = new Account("wecom", "main", new RecipientScope(IdentityType.WECOM_EXTERNAL_USERID, CORP),
            new ChannelLimits(10_000, 1, Duration.ofDays(1), 0));
    static final Account SMS = new Account("sms-test", "main", new RecipientScope(IdentityType.PHONE, ""),
            new ChannelLimits(200, 0, Duration.ZERO, 0));

    /** The adapters by key ({@code type/account}), as the registry hands them out; the map may change. */
    public static ChannelRegistry registry(Map<String, ChannelAdapter> adapters) {
        return new ChannelRegistry() {
            @Override
            public List<ChannelDescriptor> channels() {
                return adapters.values().stream().map(ChannelAdapter::descriptor).toList();
            }

            @Override
            public Optional<ChannelAdapter> adapter(String type, String account) {
                return Optional.ofNullable(adapters.get(type + "/" + account));
            }
        };
    }

    static final class Fixture implements AutoCloseable {
        final TestStores stores;
        final MutableClock clock = new MutableClock(MORNING);
        final Map<String, ChannelAdapter> adapters = new java.util.concurrent.ConcurrentHashMap<>(Map.of(
                WECOM.descriptor().key(), WECOM, SMS.descriptor().key(), SMS));
        final TouchPolicyImpl policy;
        int sends;

        Fixture(TestStores stores) {
            this.stores = stores;
            policy = new TouchPolicyImpl(stores.store, registry(adapters), clock);
        }

        long customer(String name, Map<String, Object> attributes, ChannelIdentity... identities) {
            return stores.store.customers().insert(new CustomerDraft(name, List.of(identities), null, attributes),
                    clock.instant()).id();
        }

        /** Queues a message as the outbox does: the touch is counted when it is stored. */
        void sent(Account account, MessageKind kind, Instant at, ChannelIdentity... to) {
            stores.store.outbox().insert(new NewOutboxMessage("m-" + (++sends), account.type(), account.account(), kind,
                    "{}", "h" + sends, List.of(to), at, clock.instant()));
        }

        PolicyDecision check(long customer, Account account, MessageKind kind, TouchScenario scenario, Instant at) {
            return policy.check(Caller.SYSTEM, new TouchRequest(customer, account.type(), account.account(), kind,
                    scenario, at));
        }

        @Override
        public void close() {
            stores.close();
        }
    }

    static ChannelIdentity wecom(String id) {
        return ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, id);
    }

    static ChannelIdentity phone(String p) {
        return ChannelIdentity.of(IdentityType.PHONE, p);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aSecondMassMessageTheSameDayIsBlockedByTheQuotaUntilTheNextMorning(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            long c = f.customer("王女士", null, wecom("wm1"));
            assertEquals(PolicyDecision.ALLOWED, f.check(c, WECOM, MessageKind.MASS, null, MORNING));
            f.sent(WECOM, MessageKind.MASS, MORNING.minus(Duration.ofHours(1)), wecom("wm1"));

            PolicyDecision d = f.check(c, WECOM, MessageKind.MASS, null, MORNING);
            assertEquals(TouchPolicy.RULE_CHANNEL_QUOTA, d.ruleId());
            assertTrue(d.reason().contains("quota 1 per day"), d.reason());
            // midnight in Shanghai falls in quiet hours: the next allowed moment is 08:00 the next day
            assertEquals(Instant.parse("2026-11-24T00:00:00Z"), d.allowedFrom());
            assertEquals(PolicyDecision.ALLOWED, f.check(c, WECOM, MessageKind.MASS, null, d.allowedFrom()));
            // the quota is per channel account: an SMS is another matter, and a 1:1 reply is not a mass message
            assertEquals(PolicyDecision.ALLOWED, f.check(c, WECOM, MessageKind.DIRECT, TouchScenario.AFTER_SALES, MORNING));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void brandQuotasOverrideTheAdaptersAndCountWholeCalendarMonths(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            PolicySettings d = PolicySettings.DEFAULTS;
            f.policy.updateSettings(Caller.SYSTEM, new PolicySettings(d.brandZone(), d.quietFrom(), d.quietUntil(), 0, 0,
                    Map.of("wecom/main", new PolicySettings.Quota(2, PolicySettings.Period.MONTH, null)),
                    d.allowedScenarios(), d.complaintQuietDays(), d.moments()));
            long c = f.customer("李先生", null, wecom("wm2"));
            f.sent(WECOM, MessageKind.MASS, Instant.parse("2026-11-01T02:00:00Z"), wecom("wm2"));
            f.sent(WECOM, MessageKind.MASS, Instant.parse("2026-10-31T02:00:00Z"), wecom("wm2")); // last month
            assertEquals(PolicyDecision.ALLOWED, f.check(c, WECOM, MessageKind.MASS, null, MORNING));
            f.sent(WECOM, MessageKind.MASS, Instant.parse("2026-11-20T02:00:00Z"), wecom("wm2"));
            PolicyDecision blocked = f.check(c, WECOM, MessageKind.MASS, null, MORNING);
            assertEquals(TouchPolicy.RULE_CHANNEL_QUOTA, blocked.ruleId());
            assertEquals(Instant.parse("2026-12-01T00:00:00Z"), blocked.allowedFrom(), "December 1st, 08:00 Shanghai");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void quietHoursFollowTheCustomersTimeZoneAndRepliesAreExempt(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            long shanghai = f.customer("上海客户", null, wecom("q1"));
            long berlin = f.customer("柏林客户", Map.of("timeZone", "Europe/Berlin"), wecom("q2"));
            Instant tenPm = Instant.parse("2026-11-23T14:00:00Z"); // 22:00 Shanghai, 15:00 Berlin
            PolicyDecision quiet = f.check(shanghai, WECOM, MessageKind.MASS, null, tenPm);
            assertEquals(TouchPolicy.RULE_QUIET_HOURS, quiet.ruleId());
            assertEquals(Instant.parse("2026-11-24T00:00:00Z"), quiet.allowedFrom());
            assertEquals(PolicyDecision.ALLOWED, f.check(berlin, WECOM, MessageKind.MASS, null, tenPm));
            assertEquals(TouchPolicy.RULE_QUIET_HOURS, f.check(berlin, WECOM, MessageKind.MASS, null,
                    Instant.parse("2026-11-23T21:30:00Z")).ruleId(), "22:30 in Berlin");
            assertEquals(PolicyDecision.ALLOWED, f.check(shanghai, WECOM, MessageKind.DIRECT,
                    TouchScenario.CUSTOMER_INITIATED, tenPm), "answering the customer is never quiet-time spam");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void optedOutComplainedAndUnreachableCustomersAreBlockedWithTheirReason(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            long out = f.customer("退订", null, wecom("o1"), phone("+8613800000001"));
            new ConsentServiceImpl(f.stores.store).record(Caller.SYSTEM, new Consent(out, "sms-test",
                    ConsentState.OPTED_OUT, MORNING.minusSeconds(60), "sms-reply:TD"));
            PolicyDecision d = f.check(out, SMS, MessageKind.TEMPLATE, null, MORNING);
            assertEquals(TouchPolicy.RULE_CONSENT, d.ruleId());
            assertNull(d.allowedFrom(), "waiting does not bring consent back");
            assertEquals(PolicyDecision.ALLOWED, f.check(out, WECOM, MessageKind.MASS, null, MORNING));

            long phoneOnly = f.customer("只有手机", null, phone("+8613800000002"));
            PolicyDecision none = f.check(phoneOnly, WECOM, MessageKind.MASS, null, MORNING);
            assertEquals(TouchPolicy.RULE_NO_IDENTITY, none.ruleId());
            assertTrue(none.reason().contains("wecom/main"), none.reason());

            long angry = f.customer("投诉", null, wecom("o3"));
            ComplaintReaction complaints = new ComplaintReaction(f.stores.store, f.policy);
            EventServiceImplAccess.ingest(f.stores.store, f.clock, complaints, EventDraft.forCustomer("c1",
                    EventTypes.COMPLAINT, MORNING.minus(Duration.ofDays(1)), angry, Map.of()));
            PolicyDecision dnd = f.check(angry, WECOM, MessageKind.MASS, null, MORNING);
            assertEquals(TouchPolicy.RULE_CONSENT, dnd.ruleId());
            assertTrue(dnd.reason().startsWith("complained"), dnd.reason());
            assertEquals(Instant.parse("2026-12-22T02:00:00Z"), dnd.allowedFrom(), "30 days after the complaint");
            assertEquals(PolicyDecision.ALLOWED, f.check(angry, WECOM, MessageKind.DIRECT,
                    TouchScenario.CUSTOMER_INITIATED, MORNING), "they may still write to us and get an answer");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void proactiveOneToOneNeedsAnAllowedScenario(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            long c = f.customer("客户", null, wecom("s1"));
            assertEquals(TouchPolicy.RULE_SCENARIO, f.check(c, WECOM, MessageKind.DIRECT, null, MORNING).ruleId());
            PolicySettings d = PolicySettings.DEFAULTS;
            f.policy.updateSettings(Caller.SYSTEM, new PolicySettings(d.brandZone(), d.quietFrom(), d.quietUntil(),
                    d.crossChannelPerDay(), d.crossChannelPerWeek(), null,
                    Set.of(TouchScenario.AFTER_SALES, TouchScenario.CUSTOMER_INITIATED), 30, d.moments()));
            PolicyDecision promo = f.check(c, WECOM, MessageKind.DIRECT, TouchScenario.MAJOR_PROMOTION, MORNING);
            assertEquals(TouchPolicy.RULE_SCENARIO, promo.ruleId());
            assertTrue(promo.reason().contains("major_promotion"), promo.reason());
            assertEquals(PolicyDecision.ALLOWED, f.check(c, WECOM, MessageKind.DIRECT, TouchScenario.AFTER_SALES, MORNING));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theCrossChannelCapCountsEveryChannelAndFollowsMerges(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            long c = f.customer("多渠道", null, wecom("x1"));
            long other = f.customer("同一人", null, phone("+8613800000009"));
            f.sent(SMS, MessageKind.TEMPLATE, MORNING.minus(Duration.ofHours(1)), phone("+8613800000009"));
            assertEquals(PolicyDecision.ALLOWED, f.check(c, WECOM, MessageKind.MASS, null, MORNING));
            // the SMS went to a profile that is now merged into c: it counts for c
            f.stores.store.identities().merge(c, other, null, "test", MORNING);
            f.sent(SMS, MessageKind.TEMPLATE, MORNING.minus(Duration.ofMinutes(30)), phone("+8613800000009"));
            PolicyDecision d = f.check(c, WECOM, MessageKind.MASS, null, MORNING);
            assertEquals(TouchPolicy.RULE_CROSS_CHANNEL_CAP, d.ruleId());
            assertTrue(d.reason().contains("2 times this day"), d.reason());
        }
    }

    @Test
    void settingsReadFromJsonNameEveryBadFieldAndKeepDefaultsForMissingOnes() {
        PolicySettings s = PolicySettingsJson.parse("{\"quietHours\":{\"from\":\"22:00\"},\"crossChannel\":{\"perDay\":3},"
                + "\"channelQuotas\":{\"wechat-oa\":{\"count\":4,\"per\":\"month\",\"kinds\":[\"mass\"]}}}");
        assertEquals(java.time.LocalTime.of(22, 0), s.quietFrom());
        assertEquals(java.time.LocalTime.of(8, 0), s.quietUntil());
        assertEquals(3, s.crossChannelPerDay());
        assertEquals(4, s.channelQuotas().get("wechat-oa").count());
        assertEquals(s, PolicySettingsJson.parse(PolicySettingsJson.text(s)));

        ValidationException bad = assertThrows(ValidationException.class, () -> PolicySettingsJson.parse(
                "{\"brandZone\":\"Mars/Base\",\"quietHours\":{\"until\":\"25:00\"},\"crossChannel\":{\"perWeek\":-1},"
                        + "\"allowedScenarios\":[\"spam\"],\"moments\":{\"mode\":\"maybe\"},"
                        + "\"channelQuotas\":{\"wecom\":{\"count\":0,\"per\":\"day\"}}}"));
        assertEquals(List.of("brandZone", "quietHours.until", "crossChannel.perWeek", "channelQuotas.wecom",
                "allowedScenarios", "moments.mode"), bad.errors().stream().map(FieldError::field).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void momentsAreCappedPerDayAndNeedEnoughPersonaContent(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            PolicySettings d = PolicySettings.DEFAULTS;
            f.policy.updateSettings(Caller.SYSTEM, new PolicySettings(d.brandZone(), d.quietFrom(), d.quietUntil(),
                    d.crossChannelPerDay(), d.crossChannelPerWeek(), null, d.allowedScenarios(), 30,
                    new PolicySettings.MomentRules(3, 70, 50, java.time.LocalDate.parse("2026-12-31"), true)));
            MomentCheck first = f.policy.checkMoment(Caller.SYSTEM, new MomentRequest("lisi", false, MORNING));
            assertFalse(first.decision().allowed(), "a product post first breaks the 70% persona rule");
            assertEquals(TouchPolicy.RULE_MOMENTS, first.decision().ruleId());
            assertTrue(f.policy.checkMoment(Caller.SYSTEM, new MomentRequest("lisi", true, MORNING)).decision().allowed());
            f.policy.momentPosted("lisi", "wecom", "main", true, "job-1");
            f.policy.momentPosted("lisi", "wecom", "main", true, "job-1"); // a repeat records nothing
            f.policy.momentPosted("lisi", "wecom", "main", true, "job-2");
            f.policy.momentPosted("lisi", "wecom", "main", false, "job-3");
            MomentCheck fourth = f.policy.checkMoment(Caller.SYSTEM, new MomentRequest("lisi", true, MORNING));
            assertEquals(3, fourth.postedToday());
            assertEquals(2, fourth.personaToday());
            assertFalse(fourth.decision().allowed());
            assertTrue(fourth.decision().reason().contains("at most 3 a day"), fourth.decision().reason());
            assertEquals(Instant.parse("2026-11-23T16:00:00Z"), fourth.decision().allowedFrom());
            assertTrue(f.policy.checkMoment(Caller.SYSTEM, new MomentRequest("wangwu", true, MORNING)).decision().allowed());

            f.policy.updateSettings(Caller.SYSTEM, new PolicySettings(d.brandZone(), d.quietFrom(), d.quietUntil(),
                    d.crossChannelPerDay(), d.crossChannelPerWeek(), null, d.allowedScenarios(), 30,
                    new PolicySettings.MomentRules(3, 70, 50, java.time.LocalDate.parse("2026-12-31"), false)));
            MomentCheck warned = f.policy.checkMoment(Caller.SYSTEM, new MomentRequest("lisi", false, MORNING));
            assertTrue(warned.decision().allowed(), "warn mode lets the post through");
            assertEquals(2, warned.warnings().size(), warned.warnings().toString());
        }
    }
}
