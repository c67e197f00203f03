package io.siyu.core.internal.org;

import io.siyu.api.NotFoundException;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Staff;
import io.siyu.store.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which customers and units a caller reaches, from their data scope and org position. Needs only
 * the store, so any service can hold one; permissions (which need the roles of editions) are
 * {@link Authority}'s.
 */
public final class DataScopes {
    private final Store store;

    public DataScopes(Store store) {
        this.store = store;
    }

    /** The customers the caller reaches; a staff-less caller without the ALL scope reaches none. */
    public Reach reach(Caller caller) {
        if (caller.scope() == DataScope.ALL) {
            return Reach.ALL;
        }
        if (caller.staffId() == null) {
            return Reach.NONE;
        }
        Optional<Staff> self = store.org().staff(caller.staffId());
        if (self.isEmpty()) {
            return Reach.NONE;
        }
        if (caller.scope() == DataScope.OWN) {
            return new Reach(false, keys(List.of(self.get())));
        }
        Set<String> units = subtree(store.org().units(), self.get().orgUnitId());
        List<Staff> staff = store.org().allStaff().stream().filter(s -> units.contains(s.orgUnitId())).toList();
        return new Reach(false, keys(staff));
    }

    /** The units the caller may administer and see staff of: all, their unit's subtree, or none beyond themselves. */
    public Set<String> unitsInReach(Caller caller) {
        List<OrgUnit> units = store.org().units();
        if (caller.scope() == DataScope.ALL) {
            return units.stream().map(OrgUnit::id).collect(Collectors.toSet());
        }
        if (caller.staffId() == null || caller.scope() == DataScope.OWN) {
            return Set.of();
        }
        return store.org().staff(caller.staffId()).map(s -> subtree(units, s.orgUnitId())).orElse(Set.of());
    }

    /** The unit and every unit below it. */
    public static Set<String> subtree(List<OrgUnit> units, String rootId) {
        Map<String, List<String>> children = new HashMap<>();
        for (OrgUnit u : units) {
            if (u.parentId() != null) {
                children.computeIfAbsent(u.parentId(), k -> new ArrayList<>()).add(u.id());
            }
        }
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(rootId));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(children.getOrDefault(id, List.of()));
            }
        }
        return seen;
    }

    /** What customers carry in ownerStaff for these staff: their ids and WeCom userids. */
    public static Set<String> keys(List<Staff> staff) {
        Set<String> keys = new HashSet<>();
        for (Staff s : staff) {
            keys.add(s.id());
            if (s.wecomUserId() != null) {
                keys.add(s.wecomUserId());
            }
        }
        return keys;
    }

    public boolean sees(Caller caller, long customerId) {
        Reach reach = reach(caller);
        return reach.all() || store.org().followedBy(customerId, reach.staffKeys());
    }

    /**
     * @throws NotFoundException for a customer outside the caller's scope, exactly as for a missing
     *         one: the scope does not reveal which customers exist
     */
    public void requireCustomer(Caller caller, long customerId) {
        if (!sees(caller, customerId)) {
            throw new NotFoundException("customer", customerId);
        }
    }
}
