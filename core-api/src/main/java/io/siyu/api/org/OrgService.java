package io.siyu.api.org;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import java.util.List;
import java.util.Set;

/** The org tree, staff, roles and handover. */
public interface OrgService {
    /**
     * The caller for an authenticated realm user. A user whose name is the id of an active staff
     * record acts as that staff member: the roles are the staff member's plus the realm's, the data
     * scope the widest of them (a unit manager sees at least the unit's subtree). Realm
     * administrators see everything; other realm users without a staff record see according to their
     * realm roles.
     *
     * @since 1.2
     */
    Caller callerFor(String username, Set<String> realmRoles);

    /** Every unit, parents before children, siblings by name. */
    List<OrgUnit> units(Caller caller);

    /**
     * @throws io.siyu.api.NotFoundException if there is no such unit
     * @since 1.2
     */
    OrgUnit unit(Caller caller, String unitId);

    /**
     * Removes a unit without staff or child units.
     *
     * @throws io.siyu.api.ConflictException if staff or child units still belong to it
     * @since 1.2
     */
    void deleteUnit(Caller caller, String unitId);

    /**
     * Creates or replaces a unit.
     *
     * @throws io.siyu.api.ValidationException if the parent is unknown or the move would make a cycle
     */
    OrgUnit putUnit(Caller caller, OrgUnit unit);

    /** @throws io.siyu.api.NotFoundException if there is no such staff member */
    Staff staff(Caller caller, String staffId);

    /** Staff of a unit, or of its whole subtree, ordered by name. */
    Page<Staff> staffIn(Caller caller, String orgUnitId, boolean subtree, PageRequest page);

    /** Creates or replaces a staff member; unknown units or roles are a validation error. */
    Staff putStaff(Caller caller, Staff staff);

    /**
     * Lets another staff member follow a customer too (WeCom's shared customers): it enters their
     * {@link DataScope#OWN} scope. Idempotent.
     *
     * @since 1.2
     */
    void share(Caller caller, long customerId, String staffId);

    /** @since 1.2 */
    void unshare(Caller caller, long customerId, String staffId);

    /** Staff ids the customer is shared with, besides its owner, ordered. @since 1.2 */
    List<String> sharedWith(Caller caller, long customerId);

    /**
     * A leaderboard of the unit's children (a brand's stores, a head office's branches), best first
     * by new customers, then active ones: what each child's subtree gained and did from {@code from}
     * (inclusive) to {@code to} (exclusive).
     *
     * @throws io.siyu.api.ForbiddenException for a unit outside the caller's reach
     * @throws io.siyu.api.ValidationException if {@code from} is not before {@code to}
     * @since 1.2
     */
    List<UnitStats> leaderboard(Caller caller, String unitId, java.time.Instant from, java.time.Instant to);

    /** Every role, from the core and from active editions, ordered by id. */
    List<Role> roles();

    /** What the caller may do: the union over their roles. */
    Set<Permission> permissions(Caller caller);

    /**
     * Starts a handover through the channel that holds the relationships (WeCom) and records it.
     * Customers that cannot be moved come back FAILED with a reason (not followed by the handing-over
     * staff member, moved in service twice within 90 days, no WeCom contact or no running WeCom
     * account for it); the rest WAITING.
     *
     * @throws io.siyu.api.ValidationException for unknown staff, a resigned handover of active staff
     *         or staff without a WeCom userid
     * @throws io.siyu.api.ForbiddenException without {@code customer.handover} or for staff outside the caller's reach
     */
    HandoverResult handover(Caller caller, HandoverRequest request);

    /** The handover's current state, refreshed from the provider while any part is waiting. */
    HandoverResult handoverStatus(Caller caller, long handoverId);

    /** Handovers that moved customers from or to this staff member, newest first. */
    Page<HandoverResult> handovers(Caller caller, String staffId, PageRequest page);
}
