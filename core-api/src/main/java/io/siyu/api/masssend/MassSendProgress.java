package io.siyu.api.masssend;

import java.util.Map;

/**
 * Where the queued sends of a mass send stand, per recipient.
 *
 * @param failedByReason failed recipients per provider error code
 * @param messages outbox messages the send was split into (per staff member and chunk)
 */
public record MassSendProgress(long queued, long sending, long sent, long delivered, long confirmed, long failed,
        long cancelled, Map<String, Long> failedByReason, int messages) {
    public MassSendProgress {
        failedByReason = Map.copyOf(failedByReason);
    }

    public long total() {
        return queued + sending + sent + delivered + confirmed + failed + cancelled;
    }
}
