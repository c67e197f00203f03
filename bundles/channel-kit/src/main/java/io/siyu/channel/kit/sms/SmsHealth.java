package io.siyu.channel.kit.sms;

import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.SendResult;
import java.time.Duration;
import java.time.Instant;

/**
 * What an SMS account's health report says, from what its sends met: DOWN while an error that stops
 * every send (credentials, clock) stands, until a call works; DEGRADED for {@link #RECENT} after any
 * error, or while the rate limiter holds calls back; UP otherwise. Safe for concurrent sends.
 */
public final class SmsHealth {
    /** How long an error keeps the account DEGRADED in the health report. */
    public static final Duration RECENT = Duration.ofMinutes(5);

    private record Problem(String text, Instant at) {
    }

    private volatile Problem lastError;
    /** Set while the credentials or the clock keep anything from going out; cleared by a call that works. */
    private volatile Problem down;

    /** A call the provider answered: whatever stopped every send is over. */
    public void worked() {
        down = null;
    }

    /** A call failed; {@code blocking} when the error stops every send (DOWN) rather than this one. */
    public void failed(String text, Instant at, boolean blocking) {
        Problem p = new Problem(text, at);
        lastError = p;
        if (blocking) {
            down = p;
        }
    }

    /** @param blockedUntil until when the rate limiter holds calls back, or null */
    public ChannelHealth report(Instant now, Instant blockedUntil) {
        Problem last = lastError;
        Problem blocking = down;
        ChannelHealth.Status status;
        if (blocking != null) {
            status = ChannelHealth.Status.DOWN;
            last = blocking;
        } else if (blockedUntil != null || last != null && last.at().plus(RECENT).isAfter(now)) {
            status = ChannelHealth.Status.DEGRADED;
        } else {
            status = ChannelHealth.Status.UP;
        }
        return new ChannelHealth(status, null, last == null ? null : last.text(), last == null ? null : last.at(),
                blockedUntil);
    }

    /** The message of a failure, for the health report's text. */
    public static String text(SendResult failure) {
        return failure instanceof SendResult.PermanentFailure p ? p.message()
                : ((SendResult.TransientFailure) failure).message();
    }
}
