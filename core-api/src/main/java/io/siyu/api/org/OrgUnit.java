package io.siyu.api.org;

/**
 * A node of the org tree.
 *
 * @param parentId null for the root
 * @param kind what the unit is in its edition's model, e.g. {@code head-office}, {@code branch},
 *        {@code sub-branch}, {@code store}, {@code department}; a string so editions bring their own
 */
public record OrgUnit(String id, String parentId, String name, String kind) {
    public OrgUnit {
        Checks.text(id, "id");
        Checks.require(!id.equals(parentId), "parentId", "a unit cannot be its own parent");
        Checks.text(name, "name");
        Checks.text(kind, "kind");
    }

    public boolean isRoot() {
        return parentId == null;
    }
}
