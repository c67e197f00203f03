package io.siyu.channel.kit.sms;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Whether an SMS reply says "unsubscribe": the keywords mainland SMS texts announce ("回T退订",
 * "reply TD to unsubscribe") and their usual variants: {@code TD}, {@code T}, {@code N},
 * {@code 退订}, case-insensitive and trimmed, full-width letters and trailing punctuation allowed.
 */
public final class OptOut {
    public static final Set<String> KEYWORDS = Set.of("TD", "T", "N", "退订");

    private OptOut() {
    }

    public static boolean isOptOut(String reply) {
        return keyword(reply) != null;
    }

    /** The keyword the reply is, normalised (e.g. {@code TD}), or null when it is not one. */
    public static String keyword(String reply) {
        if (reply == null) {
            return null;
        }
        // NFKC turns full-width "ＴＤ" into "TD"; punctuation customers add ("TD。", "t!") is dropped
        String r = Normalizer.normalize(reply, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT)
                .replaceAll("[\\p{Punct}\\p{IsPunctuation}\\s]+$", "");
        return KEYWORDS.contains(r) ? r : null;
    }
}
