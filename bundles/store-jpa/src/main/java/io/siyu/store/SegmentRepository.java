package io.siyu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Segment definitions and the membership last announced for each. */
public interface SegmentRepository {
    /** @throws io.siyu.api.ConflictException if the name is taken */
    StoredSegment insert(String name, String description, String definitionJson, Instant now);

    /**
     * @return empty if there is no such segment
     * @throws io.siyu.api.ConflictException on a version mismatch or a taken name
     */
    Optional<StoredSegment> update(long id, String name, String description, String definitionJson,
            Long expectedVersion, Instant now);

    boolean delete(long id);

    Optional<StoredSegment> find(long id);

    /** By name. */
    List<StoredSegment> list();

    /** A serialized member set and the version it was written at (0 = never). */
    record Membership(byte[] members, long version) {
    }

    Optional<Membership> membership(long segmentId);

    /**
     * Replaces the membership and stores the entered/left events in one transaction, only if the
     * membership is still at {@code expectedVersion} (another node may have announced first).
     *
     * @return false if the version had moved; nothing was written
     */
    boolean publishMembership(long segmentId, long expectedVersion, byte[] members, List<NewEvent> events,
            Instant now);
}
