package io.siyu.channel.email.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines. The enhanced status code
 * (RFC 3463, e.g. {@code 5.1.1}) is read from the first line when the server gives one.
 */
record SmtpReply(int code, List<String> lines) {
    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    SmtpReply {
        lines = List.copyOf(lines);
    }

    boolean positive() {
        return code >= 200 && code < 400;
    }

    boolean transientNegative() {
        return code >= 400 && code < 500;
    }

    boolean permanentNegative() {
        return code >= 500;
    }

    /** The reply's text on one line, as shown to operators. */
    String text() {
        return String.join(" ", lines).strip();
    }

    /** The enhanced status code, or null. */
    String enhancedCode() {
        Matcher m = ENHANCED.matcher(lines.isEmpty() ? "" : lines.get(0));
        return m.find() ? m.group(1) : null;
    }

    @Override
    public String toString() {
        return code + " " + text();
    }
}
