package io.siyu.channel.email.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The encodings a UTF-8 message needs to travel over 7-bit SMTP: RFC 2047 encoded words for
 * headers, quoted-printable and base64 (RFC 2045) for bodies. Lines end with CRLF.
 */
final class MimeText {
    static final String CRLF = "\r\n";
    /** RFC 2047 §2: an encoded word is at most 75 characters. */
    private static final int MAX_ENCODED_WORD = 75;
    private static final int QP_LINE = 76;

    private MimeText() {
    }

    /** A header value as is when it is printable ASCII, otherwise as B-encoded words, folded. */
    static String header(String value) {
        String v = oneLine(value);
        if (isPrintableAscii(v)) {
            return v;
        }
        // "=?UTF-8?B?" + "?=" leave 63 characters: 45 bytes of UTF-8, never splitting a character
        int maxBytes = (MAX_ENCODED_WORD - "=?UTF-8?B??=".length()) / 4 * 3;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < v.length()) {
            int end = i;
            int bytes = 0;
            while (end < v.length()) {
                int cp = v.codePointAt(end);
                int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (bytes + len > maxBytes) {
                    break;
                }
                bytes += len;
                end += Character.charCount(cp);
            }
            if (out.length() > 0) {
                out.append(CRLF).append(' ');
            }
            out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(
                    v.substring(i, end).getBytes(StandardCharsets.UTF_8))).append("?=");
            i = end;
        }
        return out.toString();
    }

    /** A mailbox: {@code "name" <address>} with the name encoded as needed, or the bare address. */
    static String mailbox(String name, String address) {
        if (name == null || name.isBlank()) {
            return address;
        }
        String n = oneLine(name).strip();
        if (isPrintableAscii(n)) {
            return "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
        }
        return header(n) + " <" + address + ">";
    }

    /** No header can carry a line break: they would start new headers (header injection). */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
    }

    static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Text with any line ends as CRLF lines. */
    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", CRLF);
    }

    /**
     * Which transfer encoding suits a UTF-8 body: quoted-printable while it is mostly ASCII (HTML,
     * Latin text: stays readable and small), base64 once a third or more of its bytes are not (Chinese
     * text: quoted-printable would triple it).
     */
    static boolean preferBase64(byte[] utf8) {
        int high = 0;
        for (byte b : utf8) {
            if ((b & 0x80) != 0) {
                high++;
            }
        }
        return high * 3 >= utf8.length && high > 0;
    }

    static String base64(byte[] bytes) {
        return Base64.getMimeEncoder(QP_LINE, CRLF.getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + CRLF;
    }

    /** RFC 2045 §6.7 quoted-printable of CRLF-separated UTF-8 text, with soft line breaks at 76. */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = crlf(text).split(CRLF, -1);
        for (int l = 0; l < lines.length; l++) {
            byte[] bytes = lines[l].getBytes(StandardCharsets.UTF_8);
            int column = 0;
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                boolean last = i == bytes.length - 1;
                String piece;
                if (b == '=' || b > 126 || b < 32 && b != '\t' || (b == ' ' || b == '\t') && last
                        || b == '.' && column == 0) {
                    piece = String.format("=%02X", b);
                } else {
                    piece = String.valueOf((char) b);
                }
                // room for the piece and, unless it ends the line, a soft break "="
                if (column + piece.length() > (last ? QP_LINE : QP_LINE - 1)) {
                    out.append('=').append(CRLF);
                    column = 0;
                }
                out.append(piece);
                column += piece.length();
            }
            if (l < lines.length - 1) {
                out.append(CRLF);
            }
        }
        return out.append(CRLF).toString();
    }

    /** A plain-text rendering of simple HTML, for the text part of an HTML-only message. */
    static String textOf(String html) {
        String t = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</(p|div|h[1-6]|li|tr)>", "\n")
                .replaceAll("(?is)<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", "$2 ($1)")
                .replaceAll("(?s)<[^>]+>", "");
        t = t.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return t.replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }

    static String escapeHtml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
