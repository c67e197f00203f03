package io.siyu.store;

import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopStepRun;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where an engine moved a leased instance, with the step records of the way there, to be written
 * together only if the instance is still at {@code expectedRowVersion} under this owner's lease.
 *
 * @param runs new step records, or final outcomes of records that were STARTED
 * @param preRecorded steps of {@code runs} whose STARTED record exists (see {@code SopRepository.stepStarted})
 * @param keepLease true for a checkpoint before a side effect (the owner goes on with the instance)
 */
public record SopTransition(long instanceId, long expectedRowVersion, SopInstanceState state, String stepId,
        Instant wakeAt, Instant dueAt, String waitEvent, Instant waitSince, int runCount, String error,
        List<SopStepRun> runs, Set<String> preRecorded, boolean keepLease) {
    public SopTransition {
        runs = List.copyOf(runs);
        preRecorded = Set.copyOf(preRecorded);
    }
}
