package io.siyu.api.customer;

import java.util.List;
import java.util.Objects;

/**
 * What an undo restored.
 *
 * @param merge the merge, now marked undone
 * @param restored the merged-away customer, back under its original id
 * @param survivor the survivor after the undo
 * @param keptNewer attributes (and {@code displayName}) the survivor changed after the merge: their
 *        newer values were kept instead of restoring the pre-merge ones
 * @param identitiesNotRestored identities of the restored customer that the survivor no longer held,
 *        so they stay where they are now
 */
public record UndoResult(MergeRecord merge, Customer restored, Customer survivor, List<String> keptNewer,
        List<ChannelIdentity> identitiesNotRestored) {
    public UndoResult {
        Objects.requireNonNull(merge, "merge");
        Objects.requireNonNull(restored, "restored");
        Objects.requireNonNull(survivor, "survivor");
        keptNewer = List.copyOf(keptNewer);
        identitiesNotRestored = List.copyOf(identitiesNotRestored);
    }
}
