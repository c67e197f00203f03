package io.siyu.api.channel;

import java.time.Duration;

/**
 * The provider's limits an adapter declares, so planners and the touch policy can respect them
 * before sending instead of discovering them from errors.
 *
 * @param maxRecipientsPerCall largest recipient list one provider call accepts
 * @param receiveQuota how many mass messages one customer may receive per {@code receiveQuotaWindow}
 *        (0 = no quota)
 * @param receiveQuotaWindow the window of {@code receiveQuota}
 * @param callsPerMinute provider calls allowed per minute for the account (0 = unlimited)
 */
public record ChannelLimits(int maxRecipientsPerCall, int receiveQuota, Duration receiveQuotaWindow,
        int callsPerMinute) {
    public static final ChannelLimits NONE = new ChannelLimits(1, 0, Duration.ZERO, 0);

    public ChannelLimits {
        if (maxRecipientsPerCall < 1) {
            throw new IllegalArgumentException("maxRecipientsPerCall must be at least 1");
        }
        if (receiveQuota < 0 || callsPerMinute < 0) {
            throw new IllegalArgumentException("quotas and rates must not be negative");
        }
        receiveQuotaWindow = receiveQuotaWindow == null ? Duration.ZERO : receiveQuotaWindow;
    }
}
