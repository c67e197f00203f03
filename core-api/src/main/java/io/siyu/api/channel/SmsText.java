package io.siyu.api.channel;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an SMS is and into how many billed parts it splits, before it is sent.
 *
 * <p>Two rules, because carriers differ:
 * <ul>
 * <li><b>GSM / UCS-2</b> (international carriers, 3GPP TS 23.038): text made only of GSM 7-bit
 * characters fits 160 septets in one SMS and 153 per part of a long one, where {@code ^ { } \ [ ~ ] |
 * €} take two septets; any other character makes the whole text UCS-2, 70 UTF-16 units in one SMS
 * and 67 per part. A part never splits an escaped GSM character or a surrogate pair.</li>
 * <li><b>Mainland China</b> (Tencent Cloud and Aliyun domestic SMS): every character counts one
 * (Chinese, Latin, digits, punctuation, spaces, the 【signature】), 70 in one SMS, 67 per part of a
 * long one.</li>
 * </ul>
 *
 * @param length GSM septets or UTF-16 units, as {@code encoding} counts
 * @param mainlandLength characters (code points), as mainland carriers count
 * @since 1.2
 */
public record SmsText(String text, Encoding encoding, int length, int segments, int mainlandLength,
        int mainlandSegments) {
    public static final int GSM_SINGLE = 160;
    public static final int GSM_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENDED = "^{}\\[~]|€\f";
    /** {@code {name}} (Tencent Cloud, positional {@code {1}}) and {@code ${name}} (Aliyun). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\{([A-Za-z0-9_.-]+)}");

    public enum Encoding {
        GSM_7,
        UCS_2
    }

    public SmsText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(encoding, "encoding");
    }

    /** Measures {@code text} as it will be sent (with its signature, if the provider adds one). */
    public static SmsText of(String text) {
        Objects.requireNonNull(text, "text");
        boolean gsm = text.codePoints().allMatch(SmsText::isGsm);
        int length;
        int segments;
        if (gsm) {
            length = text.codePoints().map(c -> GSM_EXTENDED.indexOf(c) >= 0 ? 2 : 1).sum();
            segments = length <= GSM_SINGLE ? 1 : parts(text, true);
        } else {
            length = text.length();
            segments = length <= UCS2_SINGLE ? 1 : parts(text, false);
        }
        int mainland = text.codePointCount(0, text.length());
        int mainlandSegments = mainland <= UCS2_SINGLE ? 1 : (mainland + UCS2_PART - 1) / UCS2_PART;
        return new SmsText(text, gsm ? Encoding.GSM_7 : Encoding.UCS_2, length, text.isEmpty() ? 0 : segments,
                mainland, text.isEmpty() ? 0 : mainlandSegments);
    }

    /** {@link #of} of {@code 【signName】text}, the way mainland providers prefix the signature; none when blank. */
    public static SmsText signed(String signName, String text) {
        return of(signName == null || signName.isBlank() ? text : "【" + signName.strip() + "】" + text);
    }

    /**
     * Fills {@code {name}} and {@code ${name}} placeholders of a provider template with {@code params}
     * (Tencent Cloud templates number them {@code {1}}, {@code {2}}…; Aliyun names them {@code ${code}}).
     *
     * @throws IllegalArgumentException naming a placeholder that has no parameter
     */
    public static String render(String template, Map<String, String> params) {
        Objects.requireNonNull(template, "template");
        Map<String, String> values = params == null ? Map.of() : params;
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for the template's {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isGsm(int c) {
        return GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENDED.indexOf(c) >= 0;
    }

    /** Parts of a long message, filled greedily without splitting an escape pair or a surrogate pair. */
    private static int parts(String text, boolean gsm) {
        int capacity = gsm ? GSM_PART : UCS2_PART;
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            int size = gsm ? (GSM_EXTENDED.indexOf(c) >= 0 ? 2 : 1) : Character.charCount(c);
            if (used + size > capacity) {
                parts++;
                used = 0;
            }
            used += size;
            i += Character.charCount(c);
        }
        return parts;
    }
}
