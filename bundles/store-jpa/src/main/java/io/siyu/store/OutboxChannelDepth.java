package io.siyu.store;

import java.time.Instant;

/** Outbox load of one channel; {@code oldestQueuedAt} is null when nothing is queued. */
public record OutboxChannelDepth(String channelType, String channelAccount, long queued, long sending, long failed,
        Instant oldestQueuedAt) {
}
