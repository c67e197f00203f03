package io.siyu.api.system;

/** Reports on the running node. Cheap enough to call on every health probe. */
public interface SystemService {
    /** Checks the store with a real round trip; never throws. */
    Health health();
}
