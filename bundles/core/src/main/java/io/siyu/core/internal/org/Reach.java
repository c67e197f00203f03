package io.siyu.core.internal.org;

import java.util.Set;

/**
 * Which customers a caller reaches: everyone, or those whose {@code ownerStaff} is one of the staff
 * keys (staff ids and WeCom userids) or who are shared with one of them.
 */
public record Reach(boolean all, Set<String> staffKeys) {
    public static final Reach ALL = new Reach(true, Set.of());
    public static final Reach NONE = new Reach(false, Set.of());

    public Reach {
        staffKeys = Set.copyOf(staffKeys);
    }

    /** Null for everyone: what the store's scoped queries take. */
    public Set<String> keysOrNull() {
        return all ? null : staffKeys;
    }
}
