package io.siyu.channel.kit.sms;

import java.util.regex.Pattern;

/**
 * Phone numbers for SMS providers. Customer phone identities are stored in E.164 already (the
 * core's identity normaliser); the adapters check again, because a message may name any identity.
 */
public final class PhoneNumbers {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern CN_MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s()\\-.]");

    private PhoneNumbers() {
    }

    /**
     * The E.164 form ({@code +8613800138000}) of a number written in E.164, with a {@code 00} prefix, or
     * as an 11-digit mainland mobile number; spaces, dashes, dots and brackets are ignored. Null when
     * it is not a phone number.
     */
    public static String e164(String raw) {
        if (raw == null) {
            return null;
        }
        String n = SEPARATORS.matcher(raw.strip()).replaceAll("");
        if (n.startsWith("00")) {
            n = "+" + n.substring(2);
        }
        if (CN_MOBILE.matcher(n).matches()) {
            n = "+86" + n;
        }
        return E164.matcher(n).matches() ? n : null;
    }

    /**
     * A number as a provider writes it back in callbacks, where the country code may be a separate
     * field ({@code nationcode}) or missing for mainland numbers: the E.164 form, or null.
     */
    public static String fromCallback(String countryCode, String number) {
        if (number == null || number.isBlank()) {
            return null;
        }
        String n = number.strip();
        if (n.startsWith("+") || n.startsWith("00")) {
            return e164(n);
        }
        String cc = countryCode == null ? "" : countryCode.strip().replace("+", "");
        if (!cc.isEmpty()) {
            return e164("+" + cc + n);
        }
        return e164(n) != null && CN_MOBILE.matcher(n).matches() ? e164(n) : e164("+" + n);
    }

    /** Whether the E.164 number is a mainland China one (+86). */
    public static boolean mainland(String e164) {
        return e164.startsWith("+86");
    }

    /** The number without its {@code +86} for mainland numbers, else without the {@code +}: Aliyun's form. */
    public static String national(String e164) {
        return mainland(e164) ? e164.substring(3) : e164.substring(1);
    }
}
