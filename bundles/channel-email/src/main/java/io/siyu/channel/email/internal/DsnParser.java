package io.siyu.channel.email.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RFC 3464 delivery status notifications: a {@code multipart/report} with a
 * {@code message/delivery-status} part (per-message fields, then one group per recipient:
 * Final-Recipient, Action, Status, Diagnostic-Code) and the returned headers
 * ({@code text/rfc822-headers} or {@code message/rfc822}), where Message-ID and
 * {@value MailComposer#KEY_HEADER} name the message. A bare delivery-status body is read too.
 */
final class DsnParser {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))");

    private DsnParser() {
    }

    static List<Bounce> parse(String raw) {
        String message = raw.replace("\r\n", "\n");
        Part top = Part.of(message);
        String type = top.contentType();
        List<Map<String, String>> status = new ArrayList<>();
        Map<String, String> original = Map.of();
        if (type.startsWith("multipart/")) {
            for (Part p : parts(top)) {
                String t = p.contentType();
                if (t.startsWith("message/delivery-status") || t.startsWith("message/global-delivery-status")) {
                    status = groups(p.body());
                } else if (t.startsWith("text/rfc822-headers") || t.startsWith("message/rfc822")) {
                    original = Part.of(p.body()).headers();
                }
            }
        } else if (type.startsWith("message/delivery-status")) {
            status = groups(top.body());
        } else if (message.toLowerCase(Locale.ROOT).contains("final-recipient:")) {
            status = groups(message); // the delivery-status fields alone
        }
        if (status.isEmpty()) {
            return List.of();
        }
        Map<String, String> perMessage = status.get(0);
        String envelopeId = xtextDecode(perMessage.get("original-envelope-id"));
        String key = original.getOrDefault(MailComposer.KEY_HEADER.toLowerCase(Locale.ROOT), envelopeId);
        String messageId = original.get("message-id");
        List<Bounce> out = new ArrayList<>();
        for (Map<String, String> g : status) {
            String recipient = afterType(g.getOrDefault("final-recipient", g.get("original-recipient")));
            if (recipient == null || recipient.isBlank()) {
                continue;
            }
            out.add(new Bounce(recipient, g.get("action"), g.get("status"), afterType(g.get("diagnostic-code")),
                    messageId, key));
        }
        return out;
    }

    /** Header-like field groups separated by blank lines, names lower-cased, continuation lines unfolded. */
    static List<Map<String, String>> groups(String body) {
        List<Map<String, String>> groups = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\\s*\n")) {
            Map<String, String> fields = fields(block);
            if (!fields.isEmpty()) {
                groups.add(fields);
            }
        }
        return groups;
    }

    private static Map<String, String> fields(String block) {
        Map<String, String> fields = new LinkedHashMap<>();
        String name = null;
        for (String line : block.split("\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && name != null) {
                fields.put(name, fields.get(name) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            fields.putIfAbsent(name, line.substring(colon + 1).strip());
        }
        return fields;
    }

    /** {@code rfc822; a@b.c} → {@code a@b.c}; {@code smtp; 550 …} → {@code 550 …}. */
    private static String afterType(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(semi + 1)).strip();
    }

    /** RFC 3461 xtext: {@code +HH} stands for a byte. */
    static String xtextDecode(String s) {
        if (s == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    // not an escape: keep it
                }
            }
            out.write(c);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static List<Part> parts(Part multipart) {
        Matcher m = BOUNDARY.matcher(multipart.headers().getOrDefault("content-type", ""));
        if (!m.find()) {
            return List.of();
        }
        String boundary = "--" + (m.group(1) != null ? m.group(1) : m.group(2));
        List<Part> parts = new ArrayList<>();
        String[] pieces = multipart.body().split("(?m)^" + Pattern.quote(boundary));
        for (int i = 1; i < pieces.length; i++) {
            String piece = pieces[i];
            if (piece.startsWith("--")) {
                break;
            }
            parts.add(Part.of(piece.startsWith("\n") ? piece.substring(1) : piece));
        }
        return parts;
    }

    /** Headers (lower-cased names, unfolded) and body of a message or body part. */
    private record Part(Map<String, String> headers, String body) {
        static Part of(String text) {
            int end = text.indexOf("\n\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 2);
            Map<String, String> headers = fields(head);
            if (!headers.containsKey("content-type") && end < 0) {
                return new Part(Map.of(), text);
            }
            return new Part(headers, body);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        }
    }
}
