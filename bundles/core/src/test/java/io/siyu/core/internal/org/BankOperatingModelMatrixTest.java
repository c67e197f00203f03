package io.siyu.core.internal.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ForbiddenException;
import io.siyu.api.NotFoundException;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionRole;
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
import io.siyu.core.internal.edition.EditionResources;
import io.siyu.core.internal.segment.SegmentServiceImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bank edition's shipped roles under its three operating models, on a head office with two
 * branches: who may create content, SOPs and mass sends, who approves, who executes, and on whose
 * customers — exactly as 总行直营, 客户经理管护 + 分行统筹 and 分行统筹经营 describe it. Switching
 * the model keeps every customer and changes only what people may do.
 */
class BankOperatingModelMatrixTest {
    static final Permission CONTENT_CREATE = Permission.CONTENT_CREATE;
    static final Permission CONTENT_APPROVE = Permission.CONTENT_APPROVE;
    static final Permission SOP = Permission.SOP_MANAGE;
    static final Permission SEND = Permission.MASSSEND_CREATE;
    static final Permission SEND_APPROVE = Permission.MASSSEND_APPROVE;
    static final Permission WRITE = Permission.CUSTOMER_WRITE;

    final TestStores ts = TestStores.derbyStore();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    final AtomicReference<String> model = new AtomicReference<>("hq-direct");
    final List<EditionRole> bankRoles = shippedBankRoles();
    final Authority authority = Authority.of(ts.store,
            () -> bankRoles.stream().map(r -> r.under(model.get())).toList());
    final CustomerServiceImpl customers = CustomerServiceImpl.unaudited(ts.store, TestStores.attributeSchema(ts.store),
            clock, authority);
    final SegmentServiceImpl segments = new SegmentServiceImpl(ts.store, TestStores.attributeSchema(ts.store), clock,
            false, authority);
    final OrgServiceImpl org = new OrgServiceImpl(ts.store, authority, OrgScopeTest.NO_CHANNELS, customers, clock);
    long shCustomer;
    long hzCustomer;

    static List<EditionRole> shippedBankRoles() {
        Path dir = Path.of("..", "..", "editions", "bank", "src", "main", "resources");
        List<String> problems = new ArrayList<>();
        EditionContent content = EditionResources.load("bank", name -> {
            Path p = dir.resolve(name);
            return Files.exists(p) ? Files.newInputStream(p) : null;
        }, problems::add).content();
        assertEquals(List.of(), problems, "the shipped bank edition loads cleanly");
        return content.roles();
    }

    BankOperatingModelMatrixTest() {
        org.putUnit(Caller.SYSTEM, new OrgUnit("hq", null, "总行", "head-office"));
        org.putUnit(Caller.SYSTEM, new OrgUnit("sh", "hq", "上海分行", "branch"));
        org.putUnit(Caller.SYSTEM, new OrgUnit("sh-pd", "sh", "浦东支行", "sub-branch"));
        org.putUnit(Caller.SYSTEM, new OrgUnit("hz", "hq", "杭州分行", "branch"));
        staff("hq-admin1", "hq", "hq-admin");
        staff("hq-ops", "hq", "hq-operator");
        staff("compliance", "hq", "compliance-officer");
        staff("sh-head", "sh", "branch-manager");
        staff("sh-ops", "sh", "branch-operator");
        staff("zhou", "sh-pd", "account-manager");
        staff("lin", "hz", "account-manager");
        shCustomer = customers.create(Caller.SYSTEM, new CustomerDraft("上海客户", List.of(), Set.of(),
                Map.of("ownerStaff", "zhou"))).id();
        hzCustomer = customers.create(Caller.SYSTEM, new CustomerDraft("杭州客户", List.of(), Set.of(),
                Map.of("ownerStaff", "lin"))).id();
        io.siyu.core.internal.segment.SegmentTicks.tick(segments);
    }

    void staff(String id, String unit, String role) {
        org.putStaff(Caller.SYSTEM, new Staff(id, id, unit, Set.of(), Set.of(role), null, true));
    }

    @AfterEach
    void close() {
        ts.close();
    }

    Caller as(String staff) {
        return authority.callerFor(staff, Set.of("siyu-operator"));
    }

    /** Who among the staff holds the permission under the current model. */
    Set<String> holders(Permission p) {
        return List.of("hq-admin1", "hq-ops", "compliance", "sh-head", "sh-ops", "zhou", "lin").stream()
                .filter(s -> authority.allows(as(s), p)).collect(Collectors.toSet());
    }

    @Test
    void headOfficeDirectHeadOfficeRunsEverythingAndBranchesView() {
        model.set("hq-direct");
        assertEquals(Set.of("hq-ops"), holders(CONTENT_CREATE));
        assertEquals(Set.of("hq-ops"), holders(SOP).stream().filter(s -> !s.equals("hq-admin1")).collect(Collectors.toSet()));
        assertEquals(Set.of("hq-ops"), holders(SEND));
        assertTrue(holders(CONTENT_APPROVE).containsAll(Set.of("hq-admin1", "compliance")));
        assertTrue(holders(CONTENT_APPROVE).stream().noneMatch(s -> s.startsWith("sh") || s.equals("zhou")),
                "branches approve nothing: " + holders(CONTENT_APPROVE));
        assertThrows(ForbiddenException.class, () -> segments.define(as("sh-ops"), segment()), "a branch only views");
        assertThrows(ForbiddenException.class, () -> customers.update(as("sh-head"), shCustomer, rename("改"), null),
                "the branch manager sees the customer but does not change it");
        assertEquals("上海客户", customers.get(as("sh-head"), shCustomer).displayName());
        segments.define(as("hq-ops"), segment());
    }

    @Test
    void managerLedTheBranchSetsStrategyAndApprovesAccountManagersExecuteForTheirOwn() {
        model.set("manager-led");
        assertEquals(Set.of("sh-ops", "zhou", "lin"), holders(CONTENT_CREATE).stream()
                .filter(s -> !s.startsWith("hq")).collect(Collectors.toSet()));
        assertTrue(holders(SOP).contains("sh-ops"));
        assertTrue(holders(SEND).containsAll(Set.of("sh-ops", "zhou", "lin")), "account managers send to their own");
        assertTrue(holders(SEND_APPROVE).contains("sh-head") && !holders(SEND_APPROVE).contains("zhou"),
                "the branch approves, not the one who sends");
        assertTrue(holders(CONTENT_APPROVE).contains("sh-head"));
        segments.define(as("sh-ops"), segment());
        customers.update(as("zhou"), shCustomer, rename("周的客户"), null);
        customers.update(as("sh-head"), shCustomer, rename("分行改名"), null);
        assertEquals("zhou", customers.get(Caller.SYSTEM, shCustomer).attributes().get("ownerStaff"),
                "an edit below head office keeps the owner");
    }

    @Test
    void branchManagedTheBranchTeamRunsItsBranch() {
        model.set("branch-managed");
        assertTrue(holders(CONTENT_CREATE).contains("sh-ops") && holders(SOP).contains("sh-ops")
                && holders(SEND).contains("sh-ops"));
        assertTrue(holders(WRITE).contains("sh-ops"), "the branch team works the customers");
        assertTrue(!holders(SEND).contains("zhou") && !holders(CONTENT_CREATE).contains("zhou"),
                "account managers execute the branch's plan");
        assertTrue(holders(Permission.AUDIT_READ).contains("sh-head"));
        customers.update(as("sh-ops"), shCustomer, rename("分行团队改名"), null);
    }

    @Test
    void crossBranchAttemptsAreDeniedUnderEveryModel() {
        for (String m : List.of("hq-direct", "manager-led", "branch-managed")) {
            model.set(m);
            for (String staff : List.of("sh-head", "sh-ops", "zhou")) {
                assertThrows(NotFoundException.class, () -> customers.get(as(staff), hzCustomer), m + " " + staff);
                // without customer.write it is refused before the customer is even looked for
                Class<? extends Exception> refusal = authority.allows(as(staff), WRITE) ? NotFoundException.class
                        : ForbiddenException.class;
                assertThrows(refusal, () -> customers.update(as(staff), hzCustomer, rename("x"), null), m + " " + staff);
                assertEquals("杭州客户", customers.get(Caller.SYSTEM, hzCustomer).displayName());
            }
            assertThrows(NotFoundException.class, () -> customers.get(as("lin"), shCustomer), m);
            assertEquals(DataScope.ALL, as("hq-ops").scope());
            assertEquals(2, customers.count(as("compliance")), "compliance reviews everything, in " + m);
            assertEquals(1, segments.count(as("sh-head"), new Condition.Not(new Condition.Attribute("ownerStaff",
                    Operator.EQ, List.of("nobody")))), "a branch counts its own customers, in " + m);
        }
    }

    @Test
    void switchingTheModelKeepsTheDataAndChangesOnlyThePermissions() {
        model.set("hq-direct");
        assertThrows(ForbiddenException.class, () -> segments.define(as("sh-ops"), segment()));
        model.set("branch-managed");
        segments.define(as("sh-ops"), segment());
        model.set("hq-direct");
        assertThrows(ForbiddenException.class, () -> segments.define(as("sh-ops"), segment()));
        assertEquals(1, segments.list(as("hq-ops")).size(), "the branch's segment stays after the switch back");
        assertEquals(2, customers.count(as("hq-ops")));
        Role roleNow = authority.roles().stream().filter(r -> r.id().equals("branch-operator")).findFirst().orElseThrow();
        assertTrue(!roleNow.grants(SOP), "under hq-direct the branch operator has no sop.manage");
    }

    static SegmentDraft segment() {
        return new SegmentDraft("上海理财客户", null, new Condition.Attribute("region", Operator.EQ, List.of("上海")));
    }

    static CustomerDraft rename(String name) {
        return new CustomerDraft(name, List.of(), Set.of(), Map.of());
    }
}
