package io.siyu.core.internal;

import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagKind;
import io.siyu.api.org.Caller;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Who may see and use which tags. Personal tags belong to the staff member who made them (the
 * caller's name until the org model links users to staff records); administrators and the system
 * see every tag, but only the owner puts a personal tag on or takes it off.
 */
final class TagAccess {
    static final Set<String> ADMIN_ROLES = Set.of("admin", "siyu-admin");

    private TagAccess() {
    }

    static String actor(Caller caller) {
        return caller.username();
    }

    static boolean seesAll(Caller caller) {
        return Caller.SYSTEM.equals(caller) || caller.roles().stream().anyMatch(ADMIN_ROLES::contains);
    }

    static boolean visible(Caller caller, TagDefinition tag) {
        return tag.kind() != TagKind.PERSONAL || actor(caller).equals(tag.owner()) || seesAll(caller);
    }

    /** Whether the caller may change the tag itself (rename, move, delete). */
    static boolean manages(Caller caller, TagDefinition tag) {
        return tag.kind() != TagKind.PERSONAL || actor(caller).equals(tag.owner()) || seesAll(caller);
    }

    /** Ids of the tags the caller must not see, among these. */
    static Set<Long> hidden(Caller caller, Collection<TagDefinition> tags) {
        Set<Long> hidden = new HashSet<>();
        if (!seesAll(caller)) {
            tags.stream().filter(t -> !visible(caller, t)).forEach(t -> hidden.add(t.id()));
        }
        return hidden;
    }
}
