package io.siyu.core.internal.org;

import io.siyu.api.FieldError;
import io.siyu.api.ForbiddenException;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.org.Caller;
import io.siyu.api.org.HandoverRequest;
import io.siyu.api.org.HandoverResult;
import io.siyu.api.org.OrgService;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import io.siyu.api.org.Staff;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The org tree and staff, customer shares and handovers. Who may change what follows the caller's
 * reach: head office (scope ALL) everywhere, a unit manager within their subtree, and nobody may
 * hand out a role that grants more than they hold themselves.
 */
@Component(service = OrgService.class)
public final class OrgServiceImpl implements OrgService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final int MAX_NAME = 200;

    private final Store store;
    private final Authority authority;
    private final Handovers handovers;
    private final Clock clock;

    @Activate
    public OrgServiceImpl(@Reference Store store, @Reference Authority authority, @Reference ChannelRegistry channels,
            @Reference CustomerService customers) {
        this(store, authority, channels, customers, Clock.systemUTC());
    }

    public OrgServiceImpl(Store store, Authority authority, ChannelRegistry channels, CustomerService customers,
            Clock clock) {
        this.store = store;
        this.authority = authority;
        this.clock = clock;
        this.handovers = new Handovers(store, authority, channels, customers, clock);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Caller callerFor(String username, Set<String> realmRoles) {
        return authority.callerFor(username, realmRoles);
    }

    @Override
    public List<OrgUnit> units(Caller caller) {
        List<OrgUnit> units = store.org().units();
        // parents before children: walk down from the roots, siblings in the store's name order
        Map<String, List<OrgUnit>> children = new HashMap<>();
        List<OrgUnit> ordered = new ArrayList<>();
        for (OrgUnit u : units) {
            children.computeIfAbsent(u.parentId() == null ? "" : u.parentId(), k -> new ArrayList<>()).add(u);
        }
        addDepthFirst("", children, ordered);
        return ordered;
    }

    private static void addDepthFirst(String parent, Map<String, List<OrgUnit>> children, List<OrgUnit> into) {
        for (OrgUnit u : children.getOrDefault(parent, List.of())) {
            into.add(u);
            addDepthFirst(u.id(), children, into);
        }
    }

    @Override
    public OrgUnit unit(Caller caller, String unitId) {
        return store.org().unit(unitId).orElseThrow(() -> new NotFoundException("org unit", unitId));
    }

    @Override
    public OrgUnit putUnit(Caller caller, OrgUnit unit) {
        authority.require(caller, Permission.ORG_MANAGE);
        List<FieldError> errors = new ArrayList<>();
        id(unit.id(), "id", errors);
        name(unit.name(), "name", errors);
        id(unit.kind(), "kind", errors);
        List<OrgUnit> units = store.org().units();
        Map<String, OrgUnit> byId = units.stream().collect(Collectors.toMap(OrgUnit::id, u -> u));
        if (unit.parentId() != null) {
            if (!byId.containsKey(unit.parentId())) {
                errors.add(FieldError.of("parentId", "no org unit " + unit.parentId()));
            } else if (Authority.subtree(units, unit.id()).contains(unit.parentId())) {
                errors.add(FieldError.of("parentId", unit.parentId() + " is below " + unit.id()
                        + "; the move would make a cycle"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (caller.scope() != io.siyu.api.org.DataScope.ALL) {
            // Below head office one works inside one's subtree: add or move units under a unit in
            // reach; the subtree's own root stays where head office put it.
            Set<String> reach = authority.unitsInReach(caller);
            boolean exists = byId.containsKey(unit.id());
            if (unit.parentId() == null || !reach.contains(unit.parentId()) || exists && !reach.contains(unit.id())) {
                throw new ForbiddenException("'" + caller.username() + "' may only change units within their own subtree");
            }
        }
        store.org().putUnit(unit, now());
        return unit;
    }

    @Override
    public void deleteUnit(Caller caller, String unitId) {
        authority.require(caller, Permission.ORG_MANAGE);
        unit(caller, unitId);
        if (!authority.unitsInReach(caller).contains(unitId)) {
            throw new ForbiddenException("'" + caller.username() + "' may only remove units within their own subtree");
        }
        if (!store.org().deleteUnit(unitId)) {
            throw new NotFoundException("org unit", unitId);
        }
    }

    @Override
    public Staff staff(Caller caller, String staffId) {
        Staff s = store.org().staff(staffId).orElseThrow(() -> new NotFoundException("staff member", staffId));
        if (!staffId.equals(caller.staffId()) && !authority.unitsInReach(caller).contains(s.orgUnitId())) {
            throw new NotFoundException("staff member", staffId);
        }
        return s;
    }

    @Override
    public Page<Staff> staffIn(Caller caller, String orgUnitId, boolean subtree, PageRequest page) {
        unit(caller, orgUnitId);
        Set<String> reach = authority.unitsInReach(caller);
        if (!reach.contains(orgUnitId)) {
            throw new ForbiddenException("org unit " + orgUnitId + " is outside the data scope of '" + caller.username() + "'");
        }
        List<String> units = subtree ? List.copyOf(Authority.subtree(store.org().units(), orgUnitId)) : List.of(orgUnitId);
        return new Page<>(store.org().staffIn(units, page.offset(), page.limit()), store.org().countStaffIn(units),
                page.offset(), page.limit());
    }

    @Override
    public Staff putStaff(Caller caller, Staff staff) {
        authority.require(caller, Permission.ORG_MANAGE);
        List<FieldError> errors = new ArrayList<>();
        id(staff.id(), "id", errors);
        name(staff.name(), "name", errors);
        if (staff.wecomUserId() != null && !ID.matcher(staff.wecomUserId()).matches()) {
            errors.add(FieldError.of("wecomUserId", "1 to 64 letters, digits, '.', '_', '@' or '-'"));
        }
        staff.positions().forEach(p -> id(p, "positions", errors));
        if (store.org().unit(staff.orgUnitId()).isEmpty()) {
            errors.add(FieldError.of("orgUnitId", "no org unit " + staff.orgUnitId()));
        }
        Map<String, Role> roles = authority.rolesById();
        staff.roleIds().stream().filter(r -> !roles.containsKey(r)).sorted()
                .forEach(r -> errors.add(FieldError.of("roleIds", "no role " + r + "; known: "
                        + roles.keySet().stream().sorted().collect(Collectors.joining(", ")))));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Set<String> reach = authority.unitsInReach(caller);
        store.org().staff(staff.id()).ifPresent(old -> {
            if (!reach.contains(old.orgUnitId())) {
                throw new ForbiddenException("staff member " + staff.id() + " is outside the data scope of '"
                        + caller.username() + "'");
            }
        });
        if (!reach.contains(staff.orgUnitId())) {
            throw new ForbiddenException("org unit " + staff.orgUnitId() + " is outside the data scope of '"
                    + caller.username() + "'");
        }
        if (!Authority.isAdmin(caller)) {
            Set<Permission> own = authority.permissions(caller);
            for (String id : staff.roleIds()) {
                Role r = roles.get(id);
                if (!own.containsAll(r.permissions()) || r.scope().ordinal() > caller.scope().ordinal()) {
                    throw new ForbiddenException("'" + caller.username() + "' may not grant role " + id
                            + ": it allows more than they hold themselves");
                }
            }
        }
        store.org().putStaff(staff, now());
        return staff;
    }

    @Override
    public void share(Caller caller, long customerId, String staffId) {
        authority.require(caller, Permission.CUSTOMER_WRITE);
        authority.requireCustomer(caller, customerId);
        Staff s = staff(caller, staffId);
        if (!s.active()) {
            throw new ValidationException(FieldError.of("staffId", "staff member " + staffId + " has left"));
        }
        store.org().share(customerId, s.id(), now(), caller.username());
    }

    @Override
    public void unshare(Caller caller, long customerId, String staffId) {
        authority.require(caller, Permission.CUSTOMER_WRITE);
        authority.requireCustomer(caller, customerId);
        if (!store.org().unshare(customerId, staffId)) {
            throw new NotFoundException("share of customer " + customerId + " with", staffId);
        }
    }

    @Override
    public List<String> sharedWith(Caller caller, long customerId) {
        authority.requireCustomer(caller, customerId);
        return store.org().sharesOf(customerId);
    }

    @Override
    public List<io.siyu.api.org.UnitStats> leaderboard(Caller caller, String unitId, Instant from, Instant to) {
        authority.require(caller, Permission.CUSTOMER_READ);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new ValidationException(FieldError.of("from", "must be before to"));
        }
        unit(caller, unitId);
        if (!authority.unitsInReach(caller).contains(unitId)) {
            throw new ForbiddenException("org unit " + unitId + " is outside the data scope of '" + caller.username() + "'");
        }
        List<OrgUnit> units = store.org().units();
        List<Staff> staff = store.org().allStaff();
        List<io.siyu.api.org.UnitStats> board = new ArrayList<>();
        for (OrgUnit child : units) {
            if (!unitId.equals(child.parentId())) {
                continue;
            }
            Set<String> subtree = Authority.subtree(units, child.id());
            Set<String> keys = Authority.keys(staff.stream().filter(s -> subtree.contains(s.orgUnitId())).toList());
            io.siyu.store.OrgRepository.Figures f = store.org().figures(keys, from, to);
            board.add(new io.siyu.api.org.UnitStats(child.id(), child.name(), f.customers(), f.newCustomers(), f.active(),
                    f.repurchasing()));
        }
        board.sort(java.util.Comparator.comparingLong(io.siyu.api.org.UnitStats::newCustomers).reversed()
                .thenComparing(java.util.Comparator.comparingLong(io.siyu.api.org.UnitStats::activeCustomers).reversed())
                .thenComparing(io.siyu.api.org.UnitStats::unitId));
        return board;
    }

    @Override
    public List<Role> roles() {
        return authority.roles();
    }

    @Override
    public Set<Permission> permissions(Caller caller) {
        return authority.permissions(caller);
    }

    @Override
    public HandoverResult handover(Caller caller, HandoverRequest request) {
        return handovers.start(caller, request);
    }

    @Override
    public HandoverResult handoverStatus(Caller caller, long handoverId) {
        return handovers.status(caller, handoverId);
    }

    @Override
    public Page<HandoverResult> handovers(Caller caller, String staffId, PageRequest page) {
        staff(caller, staffId);
        return new Page<>(store.org().handoversOf(staffId, page.offset(), page.limit()),
                store.org().countHandoversOf(staffId), page.offset(), page.limit());
    }

    private static void id(String value, String field, List<FieldError> errors) {
        if (value != null && !ID.matcher(value).matches()) {
            errors.add(FieldError.of(field, "1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit: "
                    + value));
        }
    }

    private static void name(String value, String field, List<FieldError> errors) {
        if (value != null && value.length() > MAX_NAME) {
            errors.add(FieldError.of(field, "at most " + MAX_NAME + " characters"));
        }
    }
}
