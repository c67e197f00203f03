package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.event.CustomerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The JSON shapes of the API, kept apart from core-api records so the wire format is ours to keep stable. */
final class Dto {
    private Dto() {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record IdentityJson(String type, String namespace, String value) {
        static IdentityJson of(ChannelIdentity i) {
            return new IdentityJson(i.type().code(), i.namespace(), i.value());
        }
    }

    record TagJson(long id, String group, String name, String kind) {
        static TagJson of(Tag t) {
            return new TagJson(t.id(), t.group(), t.name(), t.kind().name().toLowerCase(Locale.ROOT));
        }
    }

    record CustomerJson(long id, String displayName, List<IdentityJson> identities, List<TagJson> tags,
            Map<String, Object> attributes, String createdAt, String updatedAt, long version) {
        static CustomerJson of(Customer c) {
            return new CustomerJson(c.id(), c.displayName(), c.identities().stream().map(IdentityJson::of).toList(),
                    c.tags().stream().map(TagJson::of).toList(), c.attributes(), c.createdAt().toString(),
                    c.updatedAt().toString(), c.version());
        }
    }

    /**
     * GET /customers/{id}: the profile with its current consent, the newest page of its timeline
     * and its layer (null while the segment service is not running).
     */
    record Customer360Json(long id, String displayName, List<IdentityJson> identities, List<TagJson> tags,
            Map<String, Object> attributes, String createdAt, String updatedAt, long version,
            List<ConsentResource.ConsentJson> consents, PageJson<EventJson> timeline, String layer) {
        static Customer360Json of(Customer c, List<ConsentResource.ConsentJson> consents, PageJson<EventJson> timeline,
                String layer) {
            CustomerJson j = CustomerJson.of(c);
            return new Customer360Json(j.id(), j.displayName(), j.identities(), j.tags(), j.attributes(), j.createdAt(),
                    j.updatedAt(), j.version(), consents, timeline, layer);
        }
    }

    /** Body of POST and PUT /customers; {@code version}, if given on PUT, must match the stored one. */
    record CustomerInput(String displayName, List<IdentityJson> identities, Set<Long> tagIds,
            Map<String, Object> attributes, Long version) {
        CustomerDraft toDraft() {
            List<FieldError> errors = new ArrayList<>();
            List<ChannelIdentity> ids = new ArrayList<>();
            if (identities != null) {
                for (int i = 0; i < identities.size(); i++) {
                    IdentityJson j = identities.get(i);
                    String field = "identities[" + i + "]";
                    if (j == null) {
                        errors.add(FieldError.of(field, "must not be null"));
                    } else if (j.type() == null) {
                        errors.add(FieldError.of(field + ".type", "is required (" + typeCodes() + ")"));
                    } else if (j.value() == null) {
                        errors.add(FieldError.of(field + ".value", "is required"));
                    } else {
                        try {
                            ids.add(new ChannelIdentity(IdentityType.fromCode(j.type()), j.namespace(), j.value()));
                        } catch (IllegalArgumentException e) {
                            errors.add(FieldError.of(field + ".type", "unknown identity type '" + j.type() + "' (" + typeCodes() + ")"));
                        }
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            return new CustomerDraft(displayName, ids, tagIds, attributes);
        }

        private static String typeCodes() {
            List<String> codes = new ArrayList<>();
            for (IdentityType t : IdentityType.values()) {
                codes.add(t.code());
            }
            return String.join(", ", codes);
        }
    }

    record EventJson(String id, String type, String occurredAt, String channel, long customerId,
            Map<String, Object> properties) {
        static EventJson of(CustomerEvent e) {
            return new EventJson(e.id(), e.type(), e.occurredAt().toString(), e.channel(), e.customerId(), e.properties());
        }
    }

    record PageJson<T>(List<T> items, long total, int offset, int limit) {
        static <S, T> PageJson<T> of(Page<S> page, Function<S, T> map) {
            return new PageJson<>(page.items().stream().map(map).toList(), page.total(), page.offset(), page.limit());
        }
    }

    /** A definition of the attribute schema; {@code edition} is set for edition attributes only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttributeJson(String name, String label, String type, List<String> allowedValues, String description,
            String origin, String edition, boolean editable) {
        static AttributeJson of(AttributeDefinition d) {
            return new AttributeJson(d.name(), d.label(), d.type().name().toLowerCase(Locale.ROOT), d.allowedValues(),
                    d.description(), d.origin().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    d.origin().editionId(), d.editable());
        }
    }

    /** Body of POST /attributes and PUT /attributes/{name} (where {@code name} may be left out). */
    record AttributeInput(String name, String label, String type, List<String> allowedValues, String description) {
        AttributeDraft toDraft() {
            AttributeType t = null;
            if (type != null) {
                try {
                    t = AttributeType.valueOf(type.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException(FieldError.of("type",
                            "must be text, integer, decimal, boolean, date or enum"));
                }
            }
            return new AttributeDraft(name, label, t, allowedValues, description);
        }
    }
}
