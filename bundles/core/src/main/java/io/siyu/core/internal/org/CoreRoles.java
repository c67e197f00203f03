package io.siyu.core.internal.org;

import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import java.util.List;
import java.util.Set;

/**
 * The roles every installation has, whatever the edition. The realm roles that open the REST API
 * ({@code siyu-admin}, {@code siyu-operator}, {@code siyu-viewer}) are roles here too, so a realm
 * user without a staff record gets their meaning; {@code staff} and {@code unit-manager} are what
 * an edition-less org hands its people.
 */
final class CoreRoles {
    /** Realm roles that may do everything, edition permissions included. */
    static final Set<String> ADMINS = Set.of("admin", "siyu-admin");

    static final List<Role> ALL = List.of(
            new Role("siyu-admin", "系统管理员 Administrator", Permission.CORE, DataScope.ALL),
            new Role("siyu-operator", "总部运营 Head-office operator", Set.of(Permission.CUSTOMER_READ,
                    Permission.CUSTOMER_WRITE, Permission.CUSTOMER_UNMASK, Permission.CUSTOMER_EXPORT, Permission.TAG_MANAGE, Permission.SEGMENT_MANAGE,
                    Permission.CONTENT_CREATE, Permission.SOP_MANAGE, Permission.MASSSEND_CREATE,
                    Permission.MASSSEND_APPROVE, Permission.HANDOVER), DataScope.ALL),
            new Role("siyu-viewer", "只读 Viewer", Set.of(Permission.CUSTOMER_READ), DataScope.ALL),
            new Role("unit-manager", "主管 Unit manager", Set.of(Permission.CUSTOMER_READ, Permission.CUSTOMER_WRITE,
                    Permission.MASSSEND_CREATE, Permission.HANDOVER), DataScope.UNIT_SUBTREE),
            new Role("staff", "员工 Staff", Set.of(Permission.CUSTOMER_READ, Permission.CUSTOMER_WRITE), DataScope.OWN));

    private CoreRoles() {
    }
}
