package io.siyu.core.internal.org;

import io.siyu.api.ForbiddenException;
import io.siyu.api.NotFoundException;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import io.siyu.api.org.Staff;
import io.siyu.store.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What a caller may do and on which customers: the one place the services ask, so data scope is
 * enforced once, from the caller's org position (never per endpoint). Reads the org from the store
 * on every question, so every node answers alike right after a change.
 */
@Component(service = Authority.class)
public final class Authority {
    private final Store store;
    private final Supplier<List<Role>> editionRoles;
    private final DataScopes scopes;

    @Activate
    public Authority(@Reference Store store, @Reference EditionRegistry editions) {
        this(store, editions::roles);
    }

    public Authority(Store store, Supplier<List<Role>> editionRoles) {
        this.store = store;
        this.editionRoles = editionRoles;
        this.scopes = new DataScopes(store);
    }

    /** Core roles and the active editions' (an edition cannot redefine a core role), by id. */
    public List<Role> roles() {
        Map<String, Role> byId = new LinkedHashMap<>();
        CoreRoles.ALL.forEach(r -> byId.put(r.id(), r));
        editionRoles.get().forEach(r -> byId.putIfAbsent(r.id(), r));
        return byId.values().stream().sorted(Comparator.comparing(Role::id)).toList();
    }

    Map<String, Role> rolesById() {
        return roles().stream().collect(Collectors.toMap(Role::id, r -> r));
    }

    public static boolean isAdmin(Caller caller) {
        return Caller.SYSTEM.equals(caller) || caller.roles().stream().anyMatch(CoreRoles.ADMINS::contains);
    }

    /** The union over the caller's roles; administrators hold every core permission (and any other). */
    public Set<Permission> permissions(Caller caller) {
        Set<Permission> granted = new TreeSet<>(Comparator.comparing(Permission::name));
        if (isAdmin(caller)) {
            granted.addAll(Permission.CORE);
            roles().forEach(r -> granted.addAll(r.permissions()));
            return granted;
        }
        Map<String, Role> roles = rolesById();
        caller.roles().stream().map(roles::get).filter(r -> r != null).forEach(r -> granted.addAll(r.permissions()));
        return granted;
    }

    public boolean allows(Caller caller, Permission permission) {
        return isAdmin(caller) || permissions(caller).contains(permission);
    }

    /** @throws ForbiddenException naming the permission and the roles that would grant it */
    public void require(Caller caller, Permission permission) {
        if (!allows(caller, permission)) {
            String granting = roles().stream().filter(r -> r.grants(permission)).map(Role::id)
                    .collect(Collectors.joining(", "));
            throw new ForbiddenException("'" + caller.username() + "' lacks the permission " + permission
                    + (granting.isEmpty() ? "" : "; roles that grant it: " + granting));
        }
    }

    /** For operations that act on every customer at once (import, ingest, channel administration). */
    public void requireAllScope(Caller caller, String what) {
        if (caller.scope() != DataScope.ALL) {
            throw new ForbiddenException(what + " needs the data scope ALL (head office); '" + caller.username()
                    + "' has " + caller.scope());
        }
    }

    /** The caller for a realm user: see {@link io.siyu.api.org.OrgService#callerFor}. */
    public Caller callerFor(String username, Set<String> realmRoles) {
        Set<String> admin = new HashSet<>(realmRoles);
        admin.retainAll(CoreRoles.ADMINS);
        Optional<Staff> staff = store.org().staff(username);
        if (staff.isPresent()) {
            Staff s = staff.get();
            if (!s.active()) {
                throw new ForbiddenException("staff member '" + username + "' has left; their customers wait for a"
                        + " resigned handover and the account can no longer act");
            }
            // A staff member acts with their staff roles; the realm roles only opened the door,
            // except an administrator's, which keeps its meaning.
            Set<String> roles = new HashSet<>(s.roleIds());
            roles.addAll(admin);
            DataScope scope = admin.isEmpty() ? widest(roles) : DataScope.ALL;
            if (s.isManager() && scope == DataScope.OWN) {
                scope = DataScope.UNIT_SUBTREE;
            }
            return new Caller(username, roles, s.id(), scope);
        }
        return new Caller(username, realmRoles, null, admin.isEmpty() ? widest(realmRoles) : DataScope.ALL);
    }

    private DataScope widest(Set<String> roleIds) {
        Map<String, Role> roles = rolesById();
        DataScope widest = DataScope.OWN;
        for (String id : roleIds) {
            Role r = roles.get(id);
            if (r != null && r.scope().ordinal() > widest.ordinal()) {
                widest = r.scope();
            }
        }
        return widest;
    }

    public Reach reach(Caller caller) {
        return scopes.reach(caller);
    }

    public Set<String> unitsInReach(Caller caller) {
        return scopes.unitsInReach(caller);
    }

    public boolean sees(Caller caller, long customerId) {
        return scopes.sees(caller, customerId);
    }

    public void requireCustomer(Caller caller, long customerId) {
        scopes.requireCustomer(caller, customerId);
    }

    static Set<String> subtree(List<OrgUnit> units, String rootId) {
        return DataScopes.subtree(units, rootId);
    }

    static Set<String> keys(List<Staff> staff) {
        return DataScopes.keys(staff);
    }
}
