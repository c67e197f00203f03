package io.siyu.channel.email.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Open SMTP sessions, reused for the next message (RSET between transactions) so a mass mailing
 * does not pay a TLS handshake and a login per recipient. At most {@code max} are in use at once;
 * a session idle longer than {@link #MAX_IDLE} is closed rather than reused (servers drop them).
 */
final class SessionPool implements AutoCloseable {
    static final Duration MAX_IDLE = Duration.ofSeconds(30);

    interface Opener {
        SmtpSession open() throws SmtpFailure;
    }

    private record Idle(SmtpSession session, Instant since) {
    }

    private final Opener opener;
    private final Clock clock;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>(); // guarded by this
    private boolean closed; // guarded by this

    SessionPool(Opener opener, int max, Clock clock) {
        this.opener = opener;
        this.clock = clock;
        this.permits = new Semaphore(max, true);
    }

    /**
     * A session ready for a new transaction; give it back with {@link #release}.
     *
     * @throws SmtpFailure when a new one cannot be opened
     * @throws InterruptedException while waiting for a free session
     */
    SmtpSession borrow(Duration wait) throws SmtpFailure, InterruptedException {
        if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new SmtpFailure(SmtpFailure.Kind.CONNECTION, "all SMTP connections busy for " + wait.toSeconds() + " s",
                    null, null);
        }
        try {
            while (true) {
                Idle candidate;
                synchronized (this) {
                    candidate = idle.pollLast();
                }
                if (candidate == null) {
                    return opener.open();
                }
                boolean fresh = candidate.since().plus(MAX_IDLE).isAfter(clock.instant());
                if (fresh && candidate.session().reset()) {
                    return candidate.session();
                }
                candidate.session().close();
            }
        } catch (SmtpFailure | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a session: kept for reuse when it is still good, closed otherwise. */
    void release(SmtpSession session, boolean reusable) {
        try {
            boolean keep = reusable && session.usable();
            synchronized (this) {
                if (keep && !closed) {
                    idle.addLast(new Idle(session, clock.instant()));
                    return;
                }
            }
            session.close();
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        Deque<Idle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(i -> i.session().close());
    }
}
