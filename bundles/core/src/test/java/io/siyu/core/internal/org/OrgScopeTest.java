package io.siyu.core.internal.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.ForbiddenException;
import io.siyu.api.NotFoundException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import io.siyu.api.org.Staff;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.Operator;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.core.internal.CustomerServiceImpl;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.segment.SegmentServiceImpl;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data scope on Derby and PostgreSQL: an account manager sees their own and shared customers, a
 * branch manager their branch's subtree, head office everyone, in reads, lists, counts, segments
 * and writes; org changes stay within the changer's subtree and never grant more than they hold.
 */
class OrgScopeTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    /** An edition-style role: administers its branch's org. */
    static final Role BRANCH_ADMIN = new Role("branch-admin", "分行管理员", Set.of(Permission.ORG_MANAGE,
            Permission.CUSTOMER_READ, Permission.CUSTOMER_WRITE), DataScope.UNIT_SUBTREE);

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** The bank-shaped org and four customers every test starts from. */
    static final class Bank implements AutoCloseable {
        final TestStores ts;
        final MutableClock clock;
        final Authority authority;
        final CustomerServiceImpl customers;
        final SegmentServiceImpl segments;
        final OrgServiceImpl org;
        final long li;
        final long wang;
        final long zhao;
        final long shared;

        Bank(TestStores ts, ChannelRegistry channels) {
            this(ts, channels, new MutableClock(NOW));
        }

        Bank(TestStores ts, ChannelRegistry channels, MutableClock clock) {
            this.ts = ts;
            this.clock = clock;
            authority = Authority.of(ts.store, () -> List.of(BRANCH_ADMIN));
            io.siyu.api.customer.AttributeSchemaService schema = TestStores.attributeSchema(ts.store);
            customers = CustomerServiceImpl.unaudited(ts.store, schema, clock, authority);
            segments = new SegmentServiceImpl(ts.store, schema, clock, false, authority);
            org = new OrgServiceImpl(ts.store, authority, channels, customers, clock);
            org.putUnit(Caller.SYSTEM, new OrgUnit("hq", null, "总行", "head-office"));
            org.putUnit(Caller.SYSTEM, new OrgUnit("sh", "hq", "上海分行", "branch"));
            org.putUnit(Caller.SYSTEM, new OrgUnit("sh-pd", "sh", "浦东支行", "sub-branch"));
            org.putUnit(Caller.SYSTEM, new OrgUnit("bj", "hq", "北京分行", "branch"));
            staff("sh-mgr", "sh", Set.of(Staff.MANAGER), Set.of("staff"), null);
            staff("sh-admin", "sh", Set.of(), Set.of("branch-admin"), null);
            staff("am-li", "sh-pd", Set.of("account-manager"), Set.of("staff"), "li.wx");
            staff("am-zhao", "sh-pd", Set.of("account-manager"), Set.of("staff"), "zhao.wx");
            staff("am-wang", "bj", Set.of("account-manager"), Set.of("staff"), null);
            li = customer("李客户", "li.wx", "wm-li");
            wang = customer("王客户", "am-wang", "wm-wang");
            zhao = customer("赵客户", "am-zhao", "wm-zhao");
            shared = customer("共享客户", "am-wang", "wm-shared");
            org.share(Caller.SYSTEM, shared, "am-li");
            io.siyu.core.internal.segment.SegmentTicks.tick(segments);
        }

        void staff(String id, String unit, Set<String> positions, Set<String> roles, String wecom) {
            org.putStaff(Caller.SYSTEM, new Staff(id, id, unit, positions, roles, wecom, true));
        }

        long customer(String name, String owner, String externalUserId) {
            return customers.create(Caller.SYSTEM, new CustomerDraft(name,
                    List.of(new io.siyu.api.customer.ChannelIdentity(io.siyu.api.customer.IdentityType.WECOM_EXTERNAL_USERID,
                            "corp1", externalUserId)), Set.of(), Map.of("ownerStaff", owner))).id();
        }

        Caller as(String user) {
            return authority.callerFor(user, Set.of("siyu-operator"));
        }

        Set<Long> visible(Caller c) {
            return customers.search(c, CustomerQuery.all(new PageRequest(0, 100))).items().stream().map(Customer::id)
                    .collect(java.util.stream.Collectors.toSet());
        }

        long segmentCount(Caller c) {
            return segments.count(c, new Condition.Not(new Condition.Attribute("ownerStaff", Operator.EQ, List.of("nobody"))));
        }

        @Override
        public void close() {
            ts.close();
        }
    }

    static final ChannelRegistry NO_CHANNELS = new ChannelRegistry() {
        @Override
        public List<ChannelDescriptor> channels() {
            return List.of();
        }

        @Override
        public Optional<ChannelAdapter> adapter(String type, String account) {
            return Optional.empty();
        }
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void eachPositionSeesExactlyItsCustomersInReadsListsCountsAndSegments(String kind, Supplier<TestStores> stores) {
        try (Bank b = new Bank(stores.get(), NO_CHANNELS)) {
            Caller li = b.as("am-li");
            assertEquals(DataScope.OWN, li.scope());
            assertEquals(Set.of(b.li, b.shared), b.visible(li), "own by WeCom userid, plus the customer shared with them");
            assertEquals(2, b.customers.count(li));
            assertEquals(2, b.segmentCount(li));
            assertEquals("李客户", b.customers.get(li, b.li).displayName());
            assertThrows(NotFoundException.class, () -> b.customers.get(li, b.wang),
                    "another's customer reads exactly like a missing one");
            assertThrows(NotFoundException.class, () -> b.customers.update(li, b.zhao,
                    new CustomerDraft("改名", List.of(), Set.of(), Map.of()), null));
            assertThrows(NotFoundException.class, () -> b.customers.delete(li, b.wang));

            Caller manager = b.as("sh-mgr");
            assertEquals(DataScope.UNIT_SUBTREE, manager.scope(), "a unit's manager sees its subtree");
            assertEquals(Set.of(b.li, b.zhao, b.shared), b.visible(manager));
            assertEquals(3, b.segmentCount(manager));

            Caller bj = b.as("am-wang");
            assertEquals(Set.of(b.wang, b.shared), b.visible(bj), "owned by staff id");

            Caller hq = b.authority.callerFor("ops", Set.of("siyu-operator"));
            assertEquals(DataScope.ALL, hq.scope(), "a realm operator without a staff record is head office");
            assertEquals(Set.of(b.li, b.wang, b.zhao, b.shared), b.visible(hq));
            assertEquals(4, b.segmentCount(hq));

            b.org.unshare(hq, b.shared, "am-li");
            assertEquals(Set.of(b.li), b.visible(li), "unsharing takes the customer out of their scope");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void staffCreateCustomersForThemselvesAndCannotHandThemOutsideTheirScope(String kind, Supplier<TestStores> stores) {
        try (Bank b = new Bank(stores.get(), NO_CHANNELS)) {
            Caller li = b.as("am-li");
            Customer mine = b.customers.create(li, new CustomerDraft("新客户", List.of(), Set.of(), Map.of()));
            assertEquals("am-li", mine.attributes().get("ownerStaff"));
            assertTrue(b.visible(li).contains(mine.id()));
            assertThrows(ForbiddenException.class, () -> b.customers.create(li,
                    new CustomerDraft("塞给别人", List.of(), Set.of(), Map.of("ownerStaff", "am-wang"))));
            assertThrows(ForbiddenException.class, () -> b.customers.update(li, mine.id(),
                    new CustomerDraft("新客户", List.of(), Set.of(), Map.of("ownerStaff", "am-wang")), null),
                    "giving a customer away across branches is a handover, not an edit");
            Caller manager = b.as("sh-mgr");
            Customer moved = b.customers.update(manager, mine.id(),
                    new CustomerDraft("新客户", List.of(), Set.of(), Map.of("ownerStaff", "am-zhao")), null);
            assertEquals("am-zhao", moved.attributes().get("ownerStaff"), "within the branch a manager reassigns");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void permissionsComeFromStaffRolesAndAreNamedWhenMissing(String kind, Supplier<TestStores> stores) {
        try (Bank b = new Bank(stores.get(), NO_CHANNELS)) {
            Caller li = b.as("am-li");
            assertEquals(Set.of("staff"), li.roles(), "the realm role only opened the door");
            ForbiddenException e = assertThrows(ForbiddenException.class, () -> b.segments.define(li,
                    new SegmentDraft("all", null, new Condition.Attribute("ownerStaff", Operator.EQ, List.of("x")))));
            assertTrue(e.getMessage().contains("segment.manage"), e.getMessage());
            assertFalse(b.org.permissions(li).contains(Permission.ORG_MANAGE));
            assertTrue(b.org.permissions(b.authority.callerFor("root", Set.of("admin"))).containsAll(Permission.CORE));

            b.staff("gone", "sh-pd", Set.of(), Set.of("staff"), null);
            b.org.putStaff(Caller.SYSTEM, new Staff("gone", "gone", "sh-pd", Set.of(), Set.of("staff"), null, false));
            assertThrows(ForbiddenException.class, () -> b.as("gone"), "a staff member who left can no longer act");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void orgChangesStayInTheChangersSubtreeAndGrantNoMoreThanTheyHold(String kind, Supplier<TestStores> stores) {
        try (Bank b = new Bank(stores.get(), NO_CHANNELS)) {
            Caller admin = b.as("sh-admin");
            b.org.putUnit(admin, new OrgUnit("sh-jq", "sh", "静安支行", "sub-branch"));
            b.org.putStaff(admin, new Staff("am-new", "新经理", "sh-jq", Set.of("account-manager"), Set.of("staff"), null, true));
            assertEquals(List.of("am-new"), b.org.staffIn(admin, "sh-jq", false, new PageRequest(0, 10)).items().stream()
                    .map(Staff::id).toList());
            assertThrows(ForbiddenException.class, () -> b.org.putStaff(admin,
                    new Staff("am-bj2", "x", "bj", Set.of(), Set.of("staff"), null, true)), "another branch");
            assertThrows(ForbiddenException.class, () -> b.org.putUnit(admin, new OrgUnit("bj-x", "bj", "x", "sub-branch")));
            assertThrows(ForbiddenException.class, () -> b.org.putUnit(admin, new OrgUnit("root2", null, "x", "head-office")));
            ForbiddenException escalation = assertThrows(ForbiddenException.class, () -> b.org.putStaff(admin,
                    new Staff("am-new", "新经理", "sh-jq", Set.of(), Set.of("siyu-admin"), null, true)));
            assertTrue(escalation.getMessage().contains("siyu-admin"), escalation.getMessage());
            assertThrows(ForbiddenException.class, () -> b.org.putStaff(b.as("sh-mgr"),
                    new Staff("am-x", "x", "sh-pd", Set.of(), Set.of("staff"), null, true)), "a manager without org.manage");
            assertThrows(NotFoundException.class, () -> b.org.staff(admin, "am-wang"), "staff outside reach are not shown");

            ValidationException cycle = assertThrows(ValidationException.class,
                    () -> b.org.putUnit(Caller.SYSTEM, new OrgUnit("sh", "sh-pd", "上海分行", "branch")));
            assertEquals("parentId", cycle.errors().get(0).field());
            ValidationException role = assertThrows(ValidationException.class, () -> b.org.putStaff(Caller.SYSTEM,
                    new Staff("x", "x", "sh", Set.of(), Set.of("no-such-role"), null, true)));
            assertTrue(role.errors().get(0).message().contains("no role no-such-role"));
            assertThrows(ConflictException.class, () -> b.org.deleteUnit(Caller.SYSTEM, "sh-pd"), "staff still there");
            b.org.putStaff(admin, new Staff("am-new", "新经理", "sh-pd", Set.of(), Set.of("staff"), null, true));
            b.org.deleteUnit(admin, "sh-jq");
            List<String> units = b.org.units(Caller.SYSTEM).stream().map(OrgUnit::id).toList();
            assertEquals(Set.of("hq", "bj", "sh", "sh-pd"), Set.copyOf(units));
            assertEquals("hq", units.get(0));
            assertTrue(units.indexOf("sh") < units.indexOf("sh-pd"), "parents before children: " + units);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void withoutUnmaskPhonesAreMaskedAndSavingTheMaskedProfileKeepsTheRealNumber(String kind, Supplier<TestStores> stores) {
        try (Bank b = new Bank(stores.get(), NO_CHANNELS)) {
            io.siyu.api.customer.ChannelIdentity phone = new io.siyu.api.customer.ChannelIdentity(
                    io.siyu.api.customer.IdentityType.PHONE, "", "+8613812341234");
            long id = b.customers.create(Caller.SYSTEM, new CustomerDraft("手机客户", List.of(phone), Set.of(),
                    Map.of("ownerStaff", "am-li"))).id();
            Caller li = b.as("am-li");
            Customer seen = b.customers.get(li, id);
            assertEquals(List.of("+86138****1234"), seen.identities().stream()
                    .map(io.siyu.api.customer.ChannelIdentity::value).toList());
            assertEquals("+86138****1234", b.customers.search(li, new CustomerQuery("手机", null, new PageRequest(0, 10)))
                    .items().get(0).identities().get(0).value(), "lists mask too");
            b.customers.update(li, id, new CustomerDraft("改名了", seen.identities(), Set.of(), seen.attributes()), null);
            Customer stored = b.customers.get(Caller.SYSTEM, id);
            assertEquals("改名了", stored.displayName());
            assertEquals(List.of(phone), stored.identities(), "the masked number sent back kept the real one");
            assertEquals("+8613812341234", b.customers.get(b.authority.callerFor("ops", Set.of("siyu-operator")), id)
                    .identities().get(0).value(), "head-office operators hold customer.unmask");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theLeaderboardRanksChildUnitsByNewActiveAndRepurchasingCustomers(String kind, Supplier<TestStores> stores) {
        try (Bank b = new Bank(stores.get(), NO_CHANNELS)) {
            Instant week = NOW.minus(java.time.Duration.ofDays(7));
            // li's customer ordered before and again this week; wang's only browsed this week
            io.siyu.core.internal.EventServiceImplAccess.ingest(b.ts.store, b.clock, stored -> { },
                    new io.siyu.api.event.EventDraft("o-old", "order", NOW.minus(java.time.Duration.ofDays(30)), "mall",
                            b.li, null, Map.of("amount", 10), List.of()),
                    new io.siyu.api.event.EventDraft("o-new", "order", NOW.minus(java.time.Duration.ofDays(1)), "mall",
                            b.li, null, Map.of("amount", 20), List.of()),
                    new io.siyu.api.event.EventDraft("v-bj", "article.view", NOW.minus(java.time.Duration.ofDays(2)), "oa",
                            b.wang, null, Map.of(), List.of()));
            List<io.siyu.api.org.UnitStats> board = b.org.leaderboard(Caller.SYSTEM, "hq", week, NOW.plusSeconds(1));
            assertEquals(List.of("bj", "sh"), board.stream().map(io.siyu.api.org.UnitStats::unitId).sorted().toList());
            io.siyu.api.org.UnitStats sh = board.stream().filter(u -> u.unitId().equals("sh")).findFirst().orElseThrow();
            io.siyu.api.org.UnitStats bj = board.stream().filter(u -> u.unitId().equals("bj")).findFirst().orElseThrow();
            assertEquals(3, sh.customers(), "li's, zhao's and the one shared with li: the branch's subtree");
            assertEquals(3, sh.newCustomers(), "all created now, inside the week");
            assertEquals(1, sh.activeCustomers());
            assertEquals(1, sh.repurchasingCustomers(), "an order this week after an earlier one");
            assertEquals(2, bj.customers(), "wang's own and the shared one he owns");
            assertEquals(1, bj.activeCustomers());
            assertEquals(0, bj.repurchasingCustomers());
            assertEquals("sh", board.get(0).unitId(), "most new customers first");
            assertEquals(List.of("sh-pd"), b.org.leaderboard(b.as("sh-mgr"), "sh", week, NOW.plusSeconds(1)).stream()
                    .map(io.siyu.api.org.UnitStats::unitId).toList());
            assertThrows(ForbiddenException.class, () -> b.org.leaderboard(b.as("sh-mgr"), "hq", week, NOW));
            assertThrows(ValidationException.class, () -> b.org.leaderboard(Caller.SYSTEM, "hq", NOW, week));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void breakdownsCountWithinTheCallersScopeAndAddUp(String kind, Supplier<TestStores> stores) {
        try (Bank b = new Bank(stores.get(), NO_CHANNELS)) {
            b.customers.update(Caller.SYSTEM, b.li, new CustomerDraft("李客户", b.customers.get(Caller.SYSTEM, b.li)
                    .identities(), Set.of(), Map.of("ownerStaff", "li.wx", "gender", "female")), null);
            io.siyu.core.internal.segment.SegmentTicks.tick(b.segments);
            io.siyu.api.segment.Breakdown all = b.segments.breakdown(Caller.SYSTEM, null, "ownerStaff", "gender");
            assertEquals(4, all.total());
            assertEquals(Map.of("female", 1L), all.counts().get("li.wx"));
            assertEquals(Map.of("", 2L), all.counts().get("am-wang"), "no gender: counted under the empty value");
            assertEquals(4, all.counts().values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue)
                    .sum(), "the cells add up to the total");
            io.siyu.api.segment.Breakdown mine = b.segments.breakdown(b.as("am-li"), null, "ownerStaff", null);
            assertEquals(2, mine.total());
            assertEquals(Map.of("li.wx", Map.of("*", 1L), "am-wang", Map.of("*", 1L)), mine.counts(),
                    "their own and the shared one");
            ValidationException unknown = assertThrows(ValidationException.class,
                    () -> b.segments.breakdown(Caller.SYSTEM, null, "nope", "ownerStaff"));
            assertEquals("rows", unknown.errors().get(0).field());
        }
    }
}
