package io.siyu.core.internal.edition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.OperatingModel;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The registry of active editions over a real store: roles resolved under the operating model
 * stored for every node, switching, and withdrawal.
 */
class EditionRegistryTest {
    private static final Caller ADMIN = new Caller("admin", Set.of("admin"), null, DataScope.ALL);
    private static final long BANK_BUNDLE = 41;

    private static EditionTracker withBank(MutableClock clock) {
        EditionTracker t = new EditionTracker(clock);
        t.add(Editions.descriptor("bank", BANK_BUNDLE), Editions.shipped("bank").loaded());
        return t;
    }

    private static Role role(EditionRegistry r, String id) {
        return r.roles().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void switchingTheModelChangesPermissionsOnThisNodeAtOnceAndOnAnotherWithinSeconds() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
        try (TestStores stores = new TestStores()) {
            EditionTracker node1 = withBank(clock);
            EditionTracker node2 = withBank(clock);
            node1.bindStore(stores.store);
            node2.bindStore(stores.store);
            assertEquals("hq-direct", node1.operatingModel("bank").orElseThrow().id());
            assertFalse(role(node2, "branch-manager").grants(Permission.CONTENT_APPROVE));

            OperatingModel chosen = node1.switchOperatingModel(ADMIN, "bank", "manager-led");
            assertEquals("客户经理管护 + 分行统筹", chosen.name());
            assertTrue(role(node1, "branch-manager").grants(Permission.CONTENT_APPROVE));
            assertEquals(Optional.of("manager-led"), stores.store.settings().get("edition.bank.operating-model"));
            clock.advance(OperatingModels.TTL);
            assertEquals("manager-led", node2.operatingModel("bank").orElseThrow().id());
            assertTrue(role(node2, "branch-manager").grants(Permission.CONTENT_APPROVE));
            assertEquals(DataScope.UNIT_SUBTREE, role(node2, "branch-manager").scope());
            assertEquals(6, node2.roles().size());
        }
    }

    @Test
    void anUnknownModelIsAValidationErrorOnModelAndAnUnknownEditionIsNotFound() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
        try (TestStores stores = new TestStores()) {
            EditionTracker t = withBank(clock);
            t.bindStore(stores.store);
            ValidationException bad = assertThrows(ValidationException.class,
                    () -> t.switchOperatingModel(ADMIN, "bank", "branch-led"));
            assertEquals("model", bad.errors().get(0).field());
            assertTrue(bad.getMessage().contains("hq-direct, manager-led, branch-managed"), bad.getMessage());
            assertThrows(NotFoundException.class, () -> t.switchOperatingModel(ADMIN, "insurance", "hq-direct"));
            assertThrows(NotFoundException.class, () -> t.operatingModel("insurance"));
            t.add(Editions.descriptor("retail", 42), Editions.shipped("retail").loaded());
            assertEquals(Optional.empty(), t.operatingModel("retail"));
            assertEquals(List.of(FieldError.of("model", "edition retail has no operating models")),
                    assertThrows(ValidationException.class, () -> t.switchOperatingModel(ADMIN, "retail", "x")).errors());
        }
    }

    @Test
    void withoutAStoreTheDefaultModelAppliesAndCannotBeSwitched() {
        EditionTracker t = withBank(new MutableClock(Instant.parse("2026-11-23T02:00:00Z")));
        assertEquals("hq-direct", t.operatingModel("bank").orElseThrow().id());
        assertThrows(UnavailableException.class, () -> t.switchOperatingModel(ADMIN, "bank", "branch-managed"));
        assertTrue(role(t, "hq-operator").grants(Permission.CONTENT_CREATE));
    }

    @Test
    void aStoredModelTheEditionNoLongerDeclaresFallsBackToTheDefault() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
        try (TestStores stores = new TestStores()) {
            stores.store.settings().put("edition.bank.operating-model", "retired-model");
            EditionTracker t = withBank(clock);
            t.bindStore(stores.store);
            assertEquals("hq-direct", t.operatingModel("bank").orElseThrow().id());
        }
    }

    @Test
    void withdrawnEditionsTakeTheirContentAndRolesAlongAndTheFirstEditionByIdOwnsASharedRoleId() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
        EditionTracker t = withBank(clock);
        Editions.Read other = Editions.of("aaa", Map.of("SIYU-INF/roles.json",
                "{\"roles\": [{\"id\": \"account-manager\", \"name\": \"Other\", \"scope\": \"ALL\"}]}"));
        t.add(Editions.descriptor("aaa", 7), other.loaded());
        assertEquals("Other", role(t, "account-manager").name());
        List<EditionContent> seen = new ArrayList<>();
        try (AutoCloseable w = t.watch(seen::add)) {
            assertEquals(List.of("aaa", "bank"), seen.stream().map(EditionContent::editionId).toList());
            t.remove(7);
            assertEquals("客户经理", role(t, "account-manager").name());
            t.remove(BANK_BUNDLE);
            assertEquals(List.of(), t.roles());
            assertEquals(Optional.empty(), t.content("bank"));
            assertEquals(List.of(), t.definitions());
            t.add(Editions.descriptor("bank", 43), Editions.shipped("bank").loaded());
            assertEquals(3, seen.size(), "a watcher hears of editions that start later");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertTrue(t.content("bank").isPresent());
    }
}
