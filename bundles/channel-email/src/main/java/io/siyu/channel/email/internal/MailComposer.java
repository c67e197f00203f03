package io.siyu.channel.email.internal;

import static io.siyu.channel.email.internal.MimeText.CRLF;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Writes one personalised e-mail as RFC 5322 / MIME bytes: multipart/alternative with a text and an
 * HTML part in UTF-8 (quoted-printable or base64, whichever is smaller for the text), RFC 2047
 * headers, and the unsubscribe headers of RFC 2369 and RFC 8058 (one-click).
 */
final class MailComposer {
    /** The header carrying the outbox key, so bounces that return the headers find their message. */
    static final String KEY_HEADER = "X-Siyu-Message-Key";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One message for one recipient.
     *
     * @param html null for a text-only message
     * @param text null to derive it from the HTML
     * @param unsubscribeUrl the one-click https link; null leaves the List-Unsubscribe headers out
     * @param unsubscribeMailto a mailto: URI; null for none
     */
    record Mail(String fromName, String fromAddress, String toName, String toAddress, String replyTo, String subject,
            String html, String text, String messageId, Instant date, String unsubscribeUrl, String unsubscribeMailto,
            String messageKey) {
    }

    private MailComposer() {
    }

    static byte[] compose(Mail m) {
        StringBuilder h = new StringBuilder();
        header(h, "Date", DATE.format(m.date().atOffset(ZoneOffset.UTC)));
        header(h, "From", MimeText.mailbox(m.fromName(), m.fromAddress()));
        header(h, "To", MimeText.mailbox(m.toName(), m.toAddress()));
        if (m.replyTo() != null) {
            header(h, "Reply-To", m.replyTo());
        }
        header(h, "Subject", MimeText.header(m.subject()));
        header(h, "Message-ID", "<" + m.messageId() + ">");
        header(h, "MIME-Version", "1.0");
        if (m.unsubscribeUrl() != null) {
            String list = "<" + m.unsubscribeUrl() + ">" + (m.unsubscribeMailto() == null ? ""
                    : "," + CRLF + " <" + m.unsubscribeMailto() + ">");
            header(h, "List-Unsubscribe", list);
            header(h, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (m.messageKey() != null) {
            header(h, KEY_HEADER, MimeText.oneLine(m.messageKey()));
        }
        String text = m.text() != null ? m.text() : MimeText.textOf(m.html());
        if (m.html() == null) {
            part(h, "text/plain", text);
            return h.toString().getBytes(StandardCharsets.US_ASCII);
        }
        String boundary = "=_siyu_" + HexFormat.of().formatHex(bytes(12));
        header(h, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        h.append(CRLF).append("This is a multi-part message in MIME format.").append(CRLF);
        h.append("--").append(boundary).append(CRLF);
        part(h, "text/plain", text);
        h.append("--").append(boundary).append(CRLF);
        part(h, "text/html", m.html());
        h.append("--").append(boundary).append("--").append(CRLF);
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Content headers, a blank line and the encoded body. */
    private static void part(StringBuilder out, String type, String body) {
        byte[] utf8 = MimeText.crlf(body).getBytes(StandardCharsets.UTF_8);
        boolean base64 = MimeText.preferBase64(utf8);
        header(out, "Content-Type", type + "; charset=UTF-8");
        header(out, "Content-Transfer-Encoding", base64 ? "base64" : "quoted-printable");
        out.append(CRLF);
        out.append(base64 ? MimeText.base64(utf8) : MimeText.quotedPrintable(body));
    }

    private static void header(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append(CRLF);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
