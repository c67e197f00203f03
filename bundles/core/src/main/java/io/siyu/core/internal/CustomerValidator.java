package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a customer draft against the attribute schema and returns its canonical form (dates as
 * LocalDate, integers as Long, decimals as BigDecimal); reports every bad field at once.
 */
final class CustomerValidator {
    static final int MAX_NAME = 200;
    static final int MAX_IDENTITIES = 50;
    static final int MAX_ATTRIBUTES = 200;

    private CustomerValidator() {
    }

    /**
     * @param schema the attribute definitions by name; values are checked against and coerced to their types
     * @param stored the attributes the customer has now (empty on create): a value of an attribute
     *        that left the schema may be kept as it is, but not changed or added
     */
    static CustomerDraft validate(CustomerDraft draft, Map<String, AttributeDefinition> schema, Map<String, Object> stored) {
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
                AttributeDefinition def = k == null ? null : schema.get(k);
                if (k == null) {
                    errors.add(FieldError.of("attributes", "attribute names must not be null"));
                } else if (v == null) {
                    errors.add(FieldError.of(field, "must not be null (leave the attribute out instead)"));
                } else if (def != null) {
                    Object canonical = AttributeValues.coerce(def, v, field, errors);
                    if (canonical != null) {
                        attributes.put(k, canonical);
                    }
                } else if (AttributeValues.same(stored.get(k), v)) {
                    // no longer in the schema (its edition was withdrawn): kept as stored, never changed
                    attributes.put(k, stored.get(k));
                } else {
                    errors.add(FieldError.of(field, "unknown attribute; define it first (POST /siyu/api/v1/attributes"
                            + " or siyu:attribute-define); GET /siyu/api/v1/attributes lists the schema"));
                }
            });
        }

        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new CustomerDraft(name, identities, tagIds, attributes);
    }
}
