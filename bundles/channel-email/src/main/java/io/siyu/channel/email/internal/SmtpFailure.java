package io.siyu.channel.email.internal;

/**
 * An SMTP session that could not be opened or went wrong outside a recipient's reply: the server
 * unreachable, TLS refused, credentials refused, or the connection cut. {@link #accountProblem()}
 * says whether it is the account's set-up (the health report goes DOWN) rather than a passing fault.
 */
final class SmtpFailure extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** Connecting or reading failed, or the server closed the connection: try again later. */
        CONNECTION(false),
        /** The TLS handshake failed or STARTTLS is not offered though the account requires it. */
        TLS(true),
        /** The server refused the credentials (535 and the like). */
        AUTHENTICATION(true),
        /** The server answered something the protocol does not allow here. */
        PROTOCOL(false);

        private final boolean accountProblem;

        Kind(boolean accountProblem) {
            this.accountProblem = accountProblem;
        }
    }

    private final Kind kind;
    private final SmtpReply reply;

    SmtpFailure(Kind kind, String message, SmtpReply reply, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.reply = reply;
    }

    Kind kind() {
        return kind;
    }

    /** The server's reply that caused it, or null for transport failures. */
    SmtpReply reply() {
        return reply;
    }

    boolean accountProblem() {
        return kind.accountProblem;
    }
}
