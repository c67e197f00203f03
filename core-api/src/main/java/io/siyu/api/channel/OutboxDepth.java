package io.siyu.api.channel;

/**
 * Outbox load of one channel.
 *
 * @param adapterPresent whether an adapter is registered for it right now (if not, its messages wait)
 * @param oldestQueuedAgeSeconds age of the oldest queued message; 0 when none is queued
 */
public record OutboxDepth(String channelType, String channelAccount, boolean adapterPresent, long queued,
        long sending, long failed, long oldestQueuedAgeSeconds) {
    public String channelKey() {
        return channelType + "/" + channelAccount;
    }
}
