package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a customer draft and returns its canonical form; reports every bad field at once. */
final class CustomerValidator {
    static final int MAX_NAME = 200;
    static final int MAX_IDENTITIES = 50;
    static final int MAX_ATTRIBUTES = 200;
    static final int MAX_ATTRIBUTE_TEXT = 4000;
    static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private CustomerValidator() {
    }

    static CustomerDraft validate(CustomerDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        String name = draft.displayName() == null ? "" : draft.displayName().strip();
        if (name.isEmpty()) {
            errors.add(FieldError.of("displayName", "must not be empty"));
        } else if (name.length() > MAX_NAME) {
            errors.add(FieldError.of("displayName", "must be at most " + MAX_NAME + " characters"));
        }

        List<ChannelIdentity> identities = new ArrayList<>();
        Set<ChannelIdentity> seen = new HashSet<>();
        if (draft.identities().size() > MAX_IDENTITIES) {
            errors.add(FieldError.of("identities", "at most " + MAX_IDENTITIES + " identities per customer"));
        } else {
            for (int i = 0; i < draft.identities().size(); i++) {
                ChannelIdentity id = IdentityNormalizer.normalize(draft.identities().get(i), "identities[" + i + "]", errors);
                if (id != null && seen.add(id)) {
                    identities.add(id);
                }
            }
        }

        Set<Long> tagIds = new HashSet<>();
        for (Long tagId : draft.tagIds()) {
            if (tagId == null) {
                errors.add(FieldError.of("tagIds", "must not contain null"));
            } else {
                tagIds.add(tagId);
            }
        }

        Map<String, Object> attributes = new LinkedHashMap<>();
        if (draft.attributes().size() > MAX_ATTRIBUTES) {
            errors.add(FieldError.of("attributes", "at most " + MAX_ATTRIBUTES + " attributes per customer"));
        } else {
            draft.attributes().forEach((k, v) -> {
                String field = "attributes." + k;
                if (k == null || !ATTRIBUTE_NAME.matcher(k).matches()) {
                    errors.add(FieldError.of(field, "attribute names start with a letter and use letters, digits, _ . - (≤64)"));
                } else if (v == null) {
                    errors.add(FieldError.of(field, "must not be null (leave the attribute out instead)"));
                } else if (v instanceof String s) {
                    if (s.length() > MAX_ATTRIBUTE_TEXT) {
                        errors.add(FieldError.of(field, "must be at most " + MAX_ATTRIBUTE_TEXT + " characters"));
                    } else {
                        attributes.put(k, s);
                    }
                } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof BigDecimal) {
                    attributes.put(k, v instanceof Integer n ? Long.valueOf(n) : v);
                } else if (v instanceof Double || v instanceof Float) {
                    double d = ((Number) v).doubleValue();
                    if (Double.isFinite(d)) {
                        attributes.put(k, new BigDecimal(v.toString()));
                    } else {
                        errors.add(FieldError.of(field, "must be a finite number"));
                    }
                } else {
                    errors.add(FieldError.of(field, "must be a string, a number or a boolean"));
                }
            });
        }

        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new CustomerDraft(name, identities, tagIds, attributes);
    }
}
