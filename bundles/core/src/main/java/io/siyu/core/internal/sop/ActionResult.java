package io.siyu.core.internal.sop;

import io.siyu.api.sop.SopStepRun;
import java.time.Instant;

/**
 * What running an action came to: an outcome to record and move on with (DONE, BLOCKED, SKIPPED),
 * a failure that fails the instance, or "not now" with the time to try again (the touch policy is
 * not running, quiet hours, a webhook to retry).
 */
record ActionResult(SopStepRun.Outcome outcome, String detail, Instant retryAt) {
    static ActionResult done(String detail) {
        return new ActionResult(SopStepRun.Outcome.DONE, detail, null);
    }

    static ActionResult blocked(String detail) {
        return new ActionResult(SopStepRun.Outcome.BLOCKED, detail, null);
    }

    static ActionResult skipped(String detail) {
        return new ActionResult(SopStepRun.Outcome.SKIPPED, detail, null);
    }

    static ActionResult failed(String detail) {
        return new ActionResult(SopStepRun.Outcome.FAILED, detail, null);
    }

    static ActionResult retryAt(Instant at, String why) {
        return new ActionResult(null, why, at);
    }

    boolean isRetry() {
        return retryAt != null;
    }
}
