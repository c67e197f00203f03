package io.siyu.api.org;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OrgRecordsTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void handoverFollowsWeComLimits() {
        List<Long> hundredOne = LongStream.rangeClosed(1, 101).boxed().toList();
        ValidationException e = assertThrows(ValidationException.class, () -> new HandoverRequest(
                HandoverRequest.Kind.IN_SERVICE, "li", "wang", hundredOne, null, null));
        assertEquals("customerIds", e.errors().get(0).field());
        assertDoesNotThrow(() -> new HandoverRequest(HandoverRequest.Kind.IN_SERVICE, "li", "wang",
                hundredOne.subList(0, 100), null, "Wang will look after you from now on"));
        assertThrows(ValidationException.class,
                () -> new HandoverRequest(HandoverRequest.Kind.RESIGNED, "li", "li", List.of(1L), null, null));
        assertThrows(ValidationException.class,
                () -> new HandoverRequest(HandoverRequest.Kind.RESIGNED, "li", "wang", List.of(), List.of(), null));
        assertThrows(ValidationException.class,
                () -> new HandoverRequest(HandoverRequest.Kind.RESIGNED, "li", "wang", List.of(1L, 1L), null, null));
        assertThrows(ValidationException.class,
                () -> new HandoverRequest(HandoverRequest.Kind.RESIGNED, "li", "wang", List.of(1L), null, "bye"));
    }

    @Test
    void handoverFinishesWhenNothingWaits() {
        HandoverResult waiting = new HandoverResult(1, HandoverRequest.Kind.IN_SERVICE, "li", "wang", T,
                List.of(new HandoverResult.CustomerOutcome(1, HandoverResult.Status.DONE, null),
                        new HandoverResult.CustomerOutcome(2, HandoverResult.Status.WAITING, null)),
                List.of());
        assertFalse(waiting.finished());
        assertThrows(IllegalArgumentException.class,
                () -> new HandoverResult.CustomerOutcome(3, HandoverResult.Status.FAILED, null));
    }

    @Test
    void permissionsAreDottedLowerCaseNames() {
        assertEquals("masssend.approve", Permission.MASSSEND_APPROVE.name());
        assertDoesNotThrow(() -> Permission.of("wealth.risk-disclosure.skip"));
        assertThrows(ValidationException.class, () -> Permission.of("Customer.Read"));
        assertThrows(ValidationException.class, () -> Permission.of("customer"));
        Role manager = new Role("branch-manager", null, java.util.Set.of(Permission.CUSTOMER_READ), DataScope.UNIT_SUBTREE);
        assertTrue(manager.grants(Permission.CUSTOMER_READ));
        assertEquals("branch-manager", manager.name());
    }

    @Test
    void unitsAndTasksKeepTheirInvariants() {
        assertThrows(ValidationException.class, () -> new OrgUnit("b1", "b1", "Branch 1", "branch"));
        assertTrue(new OrgUnit("hq", null, "Head office", "head-office").isRoot());
        assertThrows(IllegalArgumentException.class, () -> new StaffTask(1, StaffTask.Kind.CALL, "li", "Call",
                null, 42L, null, null, T, TaskState.DONE, T, null));
        StaffTask open = new StaffTask(1, StaffTask.Kind.CALL, "li", "Call", null, 42L, "sop-instance:9", null,
                T.plusSeconds(60), TaskState.OPEN, T, null);
        assertEquals(StaffTask.Priority.NORMAL, open.priority());
        assertFalse(open.isOverdue(T));
        assertTrue(open.isOverdue(T.plusSeconds(61)));
    }
}
