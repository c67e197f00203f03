package io.siyu.channel.email.internal;

import java.util.Locale;

/**
 * What a bounce says about one recipient of one message.
 *
 * @param action RFC 3464 {@code failed}, {@code delayed}, {@code delivered}, {@code relayed}, {@code expanded}
 * @param status the enhanced status code, e.g. {@code 5.1.1}; may be empty
 * @param messageId the Message-ID of the bounced message without angle brackets; null if unknown
 * @param messageKey the outbox key ({@value MailComposer#KEY_HEADER} or the DSN's envelope id); null if unknown
 */
record Bounce(String recipient, String action, String status, String diagnostic, String messageId, String messageKey) {
    Bounce {
        recipient = recipient == null ? "" : recipient.strip().toLowerCase(Locale.ROOT);
        action = action == null || action.isBlank() ? (status != null && status.startsWith("5") ? "failed" : "delayed")
                : action.strip().toLowerCase(Locale.ROOT);
        status = status == null ? "" : status.strip();
        diagnostic = diagnostic == null ? "" : diagnostic.strip();
        messageId = messageId == null || messageId.isBlank() ? null : messageId.strip().replaceAll("^<|>$", "");
        messageKey = messageKey == null || messageKey.isBlank() ? null : messageKey.strip();
    }

    /** A hard bounce: the address will not take mail; anything else (delayed, 4.x.x) is only noted. */
    boolean permanent() {
        return action.equals("failed") && !status.startsWith("4");
    }
}
