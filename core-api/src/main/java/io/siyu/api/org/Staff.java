package io.siyu.api.org;

import java.util.Set;

/**
 * A member of staff.
 *
 * @param positions labels of the edition's model ({@code account-manager}, {@code shopping-guide});
 *        {@link #MANAGER} marks the head of {@code orgUnitId}, who sees that unit's subtree
 * @param roleIds the {@link Role}s held
 * @param wecomUserId the WeCom userid, null if the staff member has no WeCom account
 * @param active false once resigned; their customers wait for a {@link HandoverRequest.Kind#RESIGNED} handover
 */
public record Staff(String id, String name, String orgUnitId, Set<String> positions, Set<String> roleIds,
        String wecomUserId, boolean active) {
    public static final String MANAGER = "manager";

    public Staff {
        Checks.text(id, "id");
        Checks.text(name, "name");
        Checks.text(orgUnitId, "orgUnitId");
        positions = positions == null ? Set.of() : Set.copyOf(positions);
        roleIds = roleIds == null ? Set.of() : Set.copyOf(roleIds);
    }

    public boolean isManager() {
        return positions.contains(MANAGER);
    }
}
