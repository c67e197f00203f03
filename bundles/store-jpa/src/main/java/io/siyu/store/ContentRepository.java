package io.siyu.store;

import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentState;
import io.siyu.api.content.ContentTransition;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The content library and its compliance word list (schema version 18, store 0.7). Bodies are
 * stored as the core serialises them; every state change is recorded as a transition in the same
 * transaction, and each change is guarded by the state it expects, so concurrent reviews cannot
 * both win.
 */
public interface ContentRepository {
    /** An item; {@code latestState} is the latest version's state. */
    record StoredContent(long id, ContentKind kind, String ownerUnit, String createdBy, Instant createdAt,
            int latestVersion, ContentState latestState, Integer approvedVersion) {
    }

    record StoredVersion(long contentId, int version, String title, Set<String> labels, String body,
            ContentState state, String author, Instant createdAt, String submittedBy, String reviewer,
            Instant reviewedAt, String reason) {
        public StoredVersion {
            labels = Set.copyOf(labels);
        }
    }

    /** What lists filter by; null parts match everything. @param units null for every unit */
    record Filter(Collection<String> units, ContentState state, String label, ContentKind kind, boolean usableOnly) {
    }

    /** Stores a new item with version 1 as a DRAFT; returns its id. */
    long insert(ContentKind kind, String ownerUnit, String title, Set<String> labels, String body, String by, Instant now);

    Optional<StoredContent> find(long id);

    Optional<StoredVersion> version(long id, int version);

    /** Newest first. */
    List<StoredVersion> versions(long id);

    /** Oldest first. */
    List<ContentTransition> transitions(long id);

    /** Newest first. */
    List<StoredContent> list(Filter filter, int offset, int limit);

    long count(Filter filter);

    /**
     * Changes the latest version in place if it is still {@code version} and a DRAFT.
     *
     * @return false if it no longer is
     */
    boolean replaceDraft(long id, int version, String title, Set<String> labels, String body, String by, Instant now);

    /**
     * Adds version {@code latest + 1} as a DRAFT if the latest version is still {@code latest} and in
     * {@code expected}.
     *
     * @return false if it no longer is
     */
    boolean addVersion(long id, int latest, ContentState expected, String title, Set<String> labels, String body,
            String by, Instant now);

    /**
     * Moves a version from one state to another and records it: PENDING_REVIEW records the
     * submitter; APPROVED and REJECTED the reviewer; APPROVED makes it the item's usable version and
     * supersedes the one before; WITHDRAWN leaves the item without a usable version.
     *
     * @return false if the version is not in {@code from} (any more)
     */
    boolean move(long id, int version, ContentState from, ContentState to, String actor, Instant now, String reason);

    /** The sensitive words, ordered. */
    List<String> sensitiveWords();

    /** Replaces the sensitive words. */
    void replaceSensitiveWords(Collection<String> words, String by, Instant now);
}
