package io.siyu.api.org;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import java.util.List;
import java.util.Set;

/** The org tree, staff, roles and handover. */
public interface OrgService {
    /** Every unit, parents before children, siblings by name. */
    List<OrgUnit> units(Caller caller);

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

    /** Every role, from the core and from active editions, ordered by id. */
    List<Role> roles();

    /** What the caller may do: the union over their roles. */
    Set<Permission> permissions(Caller caller);

    /**
     * Starts a handover through the channel that holds the relationships (WeCom) and records it.
     * Customers that cannot be moved come back FAILED with a reason; the rest WAITING.
     *
     * @throws io.siyu.api.UnavailableException if no WeCom channel is available
     */
    HandoverResult handover(Caller caller, HandoverRequest request);

    /** The handover's current state, refreshed from the provider while any part is waiting. */
    HandoverResult handoverStatus(Caller caller, long handoverId);

    /** Handovers that moved customers from or to this staff member, newest first. */
    Page<HandoverResult> handovers(Caller caller, String staffId, PageRequest page);
}
