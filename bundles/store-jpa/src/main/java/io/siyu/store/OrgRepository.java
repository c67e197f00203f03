package io.siyu.store;

import io.siyu.api.org.HandoverRequest;
import io.siyu.api.org.HandoverResult;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Staff;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The org tree, staff, customer shares and handovers (schema version 16). */
public interface OrgRepository {
    List<OrgUnit> units();

    Optional<OrgUnit> unit(String id);

    /** Inserts or replaces the unit. */
    void putUnit(OrgUnit unit, Instant now);

    /**
     * @return false if there was no such unit
     * @throws io.siyu.api.ConflictException if staff or child units still belong to it
     */
    boolean deleteUnit(String id);

    List<Staff> allStaff();

    Optional<Staff> staff(String id);

    /** Staff of these units ordered by name, then id. */
    List<Staff> staffIn(Collection<String> unitIds, int offset, int limit);

    long countStaffIn(Collection<String> unitIds);

    /**
     * Inserts or replaces the staff member.
     *
     * @throws io.siyu.api.ConflictException if another staff member has the WeCom userid
     */
    void putStaff(Staff staff, Instant now);

    /** @return false if the share existed */
    boolean share(long customerId, String staffKey, Instant now, String by);

    /** @return false if there was no such share */
    boolean unshare(long customerId, String staffKey);

    /** Staff keys the customer is shared with, ordered. */
    List<String> sharesOf(long customerId);

    /** Customers shared with any of these staff keys. */
    long[] sharedWith(Set<String> staffKeys);

    /** Whether the customer's ownerStaff is one of the keys or it is shared with one of them. */
    boolean followedBy(long customerId, Set<String> staffKeys);

    /** Customers the staff keys follow, and of those: created, active and reordering in [from, to). */
    record Figures(long customers, long newCustomers, long active, long repurchasing) {
    }

    Figures figures(Set<String> staffKeys, Instant from, Instant to);

    /** Records a handover with its first outcomes; returns it with its id. */
    HandoverResult insertHandover(HandoverRequest request, Instant now, String by,
            List<HandoverResult.CustomerOutcome> customers, List<HandoverResult.GroupOutcome> groups);

    Optional<HandoverResult> handover(long id);

    /** Moves one customer's outcome on, only from WAITING (final states never change). */
    boolean updateCustomerOutcome(long handoverId, long customerId, HandoverResult.Status status, String reason, Instant now);

    boolean updateGroupOutcome(long handoverId, String chatId, HandoverResult.Status status, String reason, Instant now);

    /** Handovers from or to the staff member, newest first. */
    List<HandoverResult> handoversOf(String staffId, int offset, int limit);

    long countHandoversOf(String staffId);

    /**
     * How often each customer was moved in service since the time: every accepted move counts, so
     * outcomes other than FAILED.
     */
    Map<Long, Integer> inServiceMovesSince(Collection<Long> customerIds, Instant since);
}
