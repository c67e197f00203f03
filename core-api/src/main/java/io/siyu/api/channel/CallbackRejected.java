package io.siyu.api.channel;

import io.siyu.api.SiyuException;
import java.util.Objects;

/**
 * A callback that is not genuine or not acceptable; answered with {@link Reason#status()} and
 * nothing recorded. The message is logged, so it must never contain tokens, keys or signatures.
 */
public class CallbackRejected extends SiyuException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        BAD_SIGNATURE(401),
        /** Timestamp outside the account's {@code callbackMaxSkewSeconds}. */
        STALE_TIMESTAMP(401),
        /** A nonce seen before within the timestamp window. */
        REPLAYED(401),
        /** Decrypted fine but addressed to another corp or app (receiveid). */
        WRONG_RECEIVER(403),
        /** Unparseable, undecryptable, or XML with a DTD or external entity. */
        MALFORMED(400),
        TOO_LARGE(413),
        METHOD_NOT_ALLOWED(405);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public CallbackRejected(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + (detail == null ? "" : ": " + detail));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public int status() {
        return reason.status();
    }
}
