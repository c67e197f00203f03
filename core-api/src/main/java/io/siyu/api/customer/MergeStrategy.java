package io.siyu.api.customer;

/**
 * How one attribute is chosen when two profiles merge and both have it. A value always beats an
 * absent one; tags and identities are never chosen, they are always united.
 *
 * <p>Attribute rows carry no timestamps, so the profiles' own timestamps stand in for them:
 * {@link #MOST_RECENT} takes the value of the profile updated last ({@code updatedAt}),
 * {@link #OLDEST} the value of the profile known first ({@code createdAt}). Ties go to the survivor.
 */
public enum MergeStrategy {
    /** The value of the profile with the later {@code updatedAt}. */
    MOST_RECENT,
    /** The value of the profile with the earlier {@code createdAt}. */
    OLDEST,
    /** The survivor's value unless it is empty (a blank string), then the other's. */
    FIRST_NON_EMPTY
}
