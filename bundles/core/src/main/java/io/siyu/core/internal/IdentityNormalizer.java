package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.customer.ChannelIdentity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings identities to their canonical form so the same person is recognised however a channel
 * wrote them: phones to E.164, e-mail lower-cased, ids trimmed.
 */
final class IdentityNormalizer {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** Mainland China mobile numbers, the common case in WeChat data, may come without +86. */
    private static final Pattern CN_MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_VALUE = 256;
    private static final int MAX_NAMESPACE = 128;

    private IdentityNormalizer() {
    }

    /** The canonical identity, or null after adding what is wrong to {@code errors}. */
    static ChannelIdentity normalize(ChannelIdentity identity, String field, List<FieldError> errors) {
        if (identity == null) {
            errors.add(FieldError.of(field, "must not be null"));
            return null;
        }
        String value = identity.value().strip();
        String namespace = identity.namespace().strip();
        if (identity.type().scoped() && namespace.isEmpty()) {
            errors.add(FieldError.of(field + ".namespace",
                    "a " + identity.type().code() + " identity needs the corp id or app id it belongs to"));
            return null;
        }
        if (!identity.type().scoped() && !namespace.isEmpty()) {
            errors.add(FieldError.of(field + ".namespace", "a " + identity.type().code() + " identity has no namespace"));
            return null;
        }
        if (namespace.length() > MAX_NAMESPACE) {
            errors.add(FieldError.of(field + ".namespace", "must be at most " + MAX_NAMESPACE + " characters"));
            return null;
        }
        if (value.isEmpty()) {
            errors.add(FieldError.of(field + ".value", "must not be empty"));
            return null;
        }
        switch (identity.type()) {
            case PHONE -> {
                String phone = normalizePhone(value);
                if (phone == null) {
                    errors.add(FieldError.of(field + ".value",
                            "'" + value + "' is not a phone number (use E.164, e.g. +8613800138000)"));
                    return null;
                }
                value = phone;
            }
            case EMAIL -> {
                value = value.toLowerCase(Locale.ROOT);
                if (!EMAIL.matcher(value).matches()) {
                    errors.add(FieldError.of(field + ".value", "'" + value + "' is not an e-mail address"));
                    return null;
                }
            }
            default -> {
                // provider ids are opaque; keep them as given (trimmed)
            }
        }
        if (value.length() > MAX_VALUE) {
            errors.add(FieldError.of(field + ".value", "must be at most " + MAX_VALUE + " characters"));
            return null;
        }
        return new ChannelIdentity(identity.type(), namespace, value);
    }

    /** E.164 form of a phone number, or null if it is not one. Separators and a 00 prefix are accepted. */
    static String normalizePhone(String raw) {
        String digits = raw.replaceAll("[\\s\\-().]", "");
        if (digits.startsWith("00")) {
            digits = "+" + digits.substring(2);
        }
        if (CN_MOBILE.matcher(digits).matches()) {
            digits = "+86" + digits;
        }
        return E164.matcher(digits).matches() ? digits : null;
    }
}
