package io.siyu.core.internal.policy;

import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * Customer facts held in memory (the segment index), for plans over many customers: reading a
 * million identities or owners from the store would take seconds. Small checks read the store.
 */
public interface CustomerBitmaps {
    /** Customers holding an identity of this type (enum name) and namespace. */
    RoaringBitmap reachable(String idType, String namespace);

    /** Customers per text value of an attribute (owner staff, time zone). */
    Map<String, RoaringBitmap> textValues(String attribute);

    /** Customers whose ownerStaff is one of the staff keys or who are shared with one of them: a data scope. */
    RoaringBitmap followedBy(java.util.Set<String> staffKeys);
}
