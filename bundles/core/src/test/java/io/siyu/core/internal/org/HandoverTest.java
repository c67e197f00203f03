package io.siyu.core.internal.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ForbiddenException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.CustomerTransfers;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.org.Caller;
import io.siyu.api.org.HandoverRequest;
import io.siyu.api.org.HandoverResult;
import io.siyu.api.org.HandoverResult.Status;
import io.siyu.api.org.Staff;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 客户继承 against a simulator of WeCom's transfer_customer / transfer_result: refusals up front,
 * the 24-hour takeover, refusal by the customer, the 90-day limit, and ownership moving only when
 * WeCom reports the takeover done.
 */
class HandoverTest {
    static Stream<Arguments> stores() {
        return OrgScopeTest.stores();
    }

    /**
     * WeCom's side as its docs describe it: a contact is followed by staff userids; a transfer is
     * accepted (errcode 0) only for a contact the handing-over userid follows and not already in
     * transfer (40129), else 84061 (no such relationship); it completes 24 hours later unless the
     * customer refused.
     */
    static final class WeComTransfers implements ChannelAdapter, CustomerTransfers {
        final Map<String, Set<String>> follows = new HashMap<>();
        final Set<String> refusing = new HashSet<>();
        final Map<String, Instant> started = new HashMap<>();
        final Map<String, String> takers = new HashMap<>();
        final List<Integer> callSizes = new ArrayList<>();
        /** Group chat owners, and the userids who have left (only their chats move). */
        final Map<String, String> chatOwners = new HashMap<>();
        final Set<String> left = new HashSet<>();
        final Supplier<Instant> now;

        WeComTransfers(Supplier<Instant> now) {
            this.now = now;
        }

        @Override
        public ChannelDescriptor descriptor() {
            return new ChannelDescriptor("wecom", "main", null, Set.of(ChannelCapability.TAG_SYNC), null);
        }

        @Override
        public SendResult send(OutboundMessage message) {
            return SendResult.Accepted.of(null);
        }

        @Override
        public ChannelHealth health() {
            return ChannelHealth.up(Duration.ZERO);
        }

        @Override
        public Optional<CustomerTransfers> customerTransfers() {
            return Optional.of(this);
        }

        @Override
        public Optional<RecipientScope> recipientScope() {
            return Optional.of(new RecipientScope(IdentityType.WECOM_EXTERNAL_USERID, "corp1"));
        }

        @Override
        public List<Outcome> transfer(boolean resigned, String handoverUserId, String takeoverUserId,
                List<String> externalUserIds, String message) {
            assertTrue(externalUserIds.size() <= MAX_PER_CALL);
            callSizes.add(externalUserIds.size());
            List<Outcome> outcomes = new ArrayList<>();
            for (String id : externalUserIds) {
                if (!follows.getOrDefault(id, Set.of()).contains(handoverUserId)) {
                    outcomes.add(new Outcome(id, 84061));
                } else if (takers.containsKey(id) && status(id) == 2) {
                    outcomes.add(new Outcome(id, 40129));
                } else {
                    started.put(id, now.get());
                    takers.put(id, takeoverUserId);
                    outcomes.add(new Outcome(id, 0));
                }
            }
            return outcomes;
        }

        @Override
        public List<Outcome> transferGroupChats(List<String> chatIds, String newOwnerUserId) {
            List<Outcome> outcomes = new ArrayList<>();
            for (String chat : chatIds) {
                String owner = chatOwners.get(chat);
                int code = owner == null ? 90501 : !left.contains(owner) ? 90500 : 0;
                if (code == 0) {
                    chatOwners.put(chat, newOwnerUserId);
                }
                outcomes.add(new Outcome(chat, code));
            }
            return outcomes;
        }

        @Override
        public List<Status> results(boolean resigned, String handoverUserId, String takeoverUserId) {
            List<Status> statuses = new ArrayList<>();
            takers.forEach((id, taker) -> {
                if (!taker.equals(takeoverUserId)) {
                    return;
                }
                statuses.add(new Status(id, status(id), started.get(id).plus(Duration.ofHours(24))));
            });
            return statuses;
        }

        /** 1 done, 2 waiting, 3 refused by the customer: the latest transfer of the contact. */
        int status(String id) {
            return refusing.contains(id) ? 3 : now.get().isBefore(started.get(id).plus(Duration.ofHours(24))) ? 2 : 1;
        }

        /** What happens at WeCom when a takeover completes: the relationship moves. */
        void settle() {
            takers.forEach((id, taker) -> {
                if (status(id) == 1) {
                    follows.put(id, Set.of(taker));
                }
            });
        }
    }

    static ChannelRegistry registry(WeComTransfers wecom) {
        return new ChannelRegistry() {
            @Override
            public List<ChannelDescriptor> channels() {
                return List.of(wecom.descriptor());
            }

            @Override
            public Optional<ChannelAdapter> adapter(String type, String account) {
                return type.equals("wecom") && account.equals("main") ? Optional.of(wecom) : Optional.empty();
            }
        };
    }

    static HandoverRequest inService(String from, String to, Long... customers) {
        return new HandoverRequest(HandoverRequest.Kind.IN_SERVICE, from, to, List.of(customers), List.of(), null);
    }

    static Map<Long, Status> statuses(HandoverResult r) {
        return r.customers().stream().collect(Collectors.toMap(HandoverResult.CustomerOutcome::customerId,
                HandoverResult.CustomerOutcome::status));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aTakeoverCompletesAfter24HoursAndOnlyThenMovesTheCustomer(String kind, Supplier<TestStores> stores) {
        MutableClock clock = new MutableClock(OrgScopeTest.NOW);
        WeComTransfers wecom = new WeComTransfers(clock::instant);
        try (OrgScopeTest.Bank b = new OrgScopeTest.Bank(stores.get(), registry(wecom), clock)) {
            wecom.follows.put("wm-li", Set.of("li.wx"));
            wecom.follows.put("wm-zhao", Set.of("zhao.wx"));
            b.staff("sh-mgr", "sh", Set.of(Staff.MANAGER), Set.of("unit-manager"), null);
            Caller manager = b.as("sh-mgr");

            HandoverResult started = b.org.handover(manager, new HandoverRequest(HandoverRequest.Kind.IN_SERVICE, "am-li",
                    "am-zhao", List.of(b.li, b.zhao, 999_999L), List.of("wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA"), "你好，我是新的客户经理"));
            assertEquals(Map.of(b.li, Status.WAITING, b.zhao, Status.FAILED, 999_999L, Status.FAILED), statuses(started));
            assertTrue(started.customers().stream().filter(c -> c.customerId() == b.zhao).findFirst().orElseThrow()
                    .reason().contains("does not follow"), "refused by Siyu before WeCom is asked");
            assertEquals(List.of(1), wecom.callSizes, "only the movable customer reached WeCom");
            assertEquals(Status.FAILED, started.groups().get(0).status());
            assertFalse(started.finished());

            b.clock.advance(Duration.ofHours(23));
            assertEquals(Status.WAITING, statuses(b.org.handoverStatus(manager, started.id())).get(b.li));
            assertEquals("li.wx", b.customers.get(Caller.SYSTEM, b.li).attributes().get("ownerStaff"),
                    "the customer stays with the handing-over staff until WeCom completes");

            b.clock.advance(Duration.ofHours(2));
            wecom.settle();
            HandoverResult done = b.org.handoverStatus(manager, started.id());
            assertEquals(Status.DONE, statuses(done).get(b.li));
            assertTrue(done.finished());
            assertEquals("zhao.wx", b.customers.get(Caller.SYSTEM, b.li).attributes().get("ownerStaff"));
            assertFalse(b.visible(b.as("am-li")).contains(b.li));
            assertTrue(b.visible(b.as("am-zhao")).contains(b.li));
            assertEquals(1, b.org.handovers(manager, "am-zhao", new PageRequest(0, 10)).total(), "history of the taker");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aCustomerMovesInServiceAtMostTwiceIn90DaysAndMayRefuse(String kind, Supplier<TestStores> stores) {
        MutableClock clock = new MutableClock(OrgScopeTest.NOW);
        WeComTransfers wecom = new WeComTransfers(clock::instant);
        try (OrgScopeTest.Bank b = new OrgScopeTest.Bank(stores.get(), registry(wecom), clock)) {
            wecom.follows.put("wm-li", Set.of("li.wx"));
            wecom.follows.put("wm-zhao", Set.of("zhao.wx"));
            Caller hq = b.authority.callerFor("ops", Set.of("siyu-operator"));
            for (String[] move : new String[][] {{"am-li", "am-zhao"}, {"am-zhao", "am-li"}}) {
                HandoverResult r = b.org.handover(hq, inService(move[0], move[1], b.li));
                b.clock.advance(Duration.ofHours(25));
                wecom.settle();
                assertEquals(Status.DONE, statuses(b.org.handoverStatus(hq, r.id())).get(b.li));
            }
            HandoverResult third = b.org.handover(hq, inService("am-li", "am-zhao", b.li));
            assertEquals(Status.FAILED, statuses(third).get(b.li));
            assertTrue(third.customers().get(0).reason().contains("90 days"), third.customers().get(0).reason());
            assertEquals(2, wecom.callSizes.size(), "the third move never reached WeCom");

            b.clock.advance(Duration.ofDays(90));
            HandoverResult later = b.org.handover(hq, inService("am-li", "am-zhao", b.li));
            assertEquals(Status.WAITING, statuses(later).get(b.li), "the window has passed");

            wecom.refusing.add("wm-zhao");
            HandoverResult refused = b.org.handover(hq, inService("am-zhao", "am-li", b.zhao));
            b.clock.advance(Duration.ofHours(25));
            wecom.settle();
            assertEquals(Status.REFUSED, statuses(b.org.handoverStatus(hq, refused.id())).get(b.zhao));
            assertEquals("am-zhao", b.customers.get(Caller.SYSTEM, b.zhao).attributes().get("ownerStaff"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void handoversAreRefusedBeyondPermissionScopeAndWeComsRules(String kind, Supplier<TestStores> stores) {
        WeComTransfers wecom = new WeComTransfers(Instant::now);
        try (OrgScopeTest.Bank b = new OrgScopeTest.Bank(stores.get(), registry(wecom))) {
            b.staff("sh-mgr", "sh", Set.of(Staff.MANAGER), Set.of("unit-manager"), null);
            assertThrows(ForbiddenException.class, () -> b.org.handover(b.as("am-li"), inService("am-li", "am-zhao", b.li)),
                    "an account manager has no customer.handover");
            assertThrows(ForbiddenException.class, () -> b.org.handover(b.as("sh-mgr"), inService("am-wang", "am-li", b.wang)),
                    "a branch manager cannot take another branch's staff's customers");
            Caller hq = b.authority.callerFor("ops", Set.of("siyu-operator"));
            ValidationException active = assertThrows(ValidationException.class, () -> b.org.handover(hq,
                    new HandoverRequest(HandoverRequest.Kind.RESIGNED, "am-li", "am-zhao", List.of(b.li), List.of(), null)));
            assertEquals("kind", active.errors().get(0).field());
            ValidationException noWecom = assertThrows(ValidationException.class,
                    () -> b.org.handover(hq, inService("am-wang", "am-li", b.wang)));
            assertEquals("fromStaffId", noWecom.errors().get(0).field());
            ValidationException tooMany = assertThrows(ValidationException.class, () -> inService("am-li", "am-zhao",
                    LongStream.rangeClosed(1, 101).boxed().toArray(Long[]::new)));
            assertEquals("customerIds", tooMany.errors().get(0).field());
            assertTrue(wecom.callSizes.isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aDepartedStaffMembersCustomersAndGroupChatsGoToTheTaker(String kind, Supplier<TestStores> stores) {
        MutableClock clock = new MutableClock(OrgScopeTest.NOW);
        WeComTransfers wecom = new WeComTransfers(clock::instant);
        try (OrgScopeTest.Bank b = new OrgScopeTest.Bank(stores.get(), registry(wecom), clock)) {
            wecom.follows.put("wm-li", Set.of("li.wx"));
            wecom.chatOwners.put("wr-li-1", "li.wx");
            wecom.chatOwners.put("wr-zhao-1", "zhao.wx");
            wecom.left.add("li.wx");
            b.org.putStaff(Caller.SYSTEM, new Staff("am-li", "am-li", "sh-pd", Set.of(), Set.of("staff"), "li.wx", false));
            Caller hq = b.authority.callerFor("ops", Set.of("siyu-operator"));
            HandoverResult r = b.org.handover(hq, new HandoverRequest(HandoverRequest.Kind.RESIGNED, "am-li", "am-zhao",
                    List.of(b.li), List.of("wr-li-1", "wr-zhao-1", "wr-unknown"), null));
            assertEquals(Map.of(b.li, Status.WAITING), statuses(r));
            Map<String, HandoverResult.GroupOutcome> groups = r.groups().stream()
                    .collect(Collectors.toMap(HandoverResult.GroupOutcome::groupChatId, g -> g));
            assertEquals(Status.DONE, groups.get("wr-li-1").status(), "group chats move at once");
            assertEquals("zhao.wx", wecom.chatOwners.get("wr-li-1"));
            assertTrue(groups.get("wr-zhao-1").reason().contains("has not left"), groups.get("wr-zhao-1").reason());
            assertTrue(groups.get("wr-unknown").reason().contains("90501"), groups.get("wr-unknown").reason());
            b.clock.advance(Duration.ofHours(24));
            wecom.settle();
            assertEquals(Status.DONE, statuses(b.org.handoverStatus(hq, r.id())).get(b.li));
            assertEquals("zhao.wx", b.customers.get(Caller.SYSTEM, b.li).attributes().get("ownerStaff"));
        }
    }
}
