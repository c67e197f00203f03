package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.customer.MergeStrategies;
import io.siyu.api.customer.MergeStrategy;
import io.siyu.api.customer.UndoResult;
import io.siyu.rest.internal.Dto.CustomerJson;
import io.siyu.rest.internal.Dto.IdentityJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/**
 * Identity resolution over REST: link an identity, merge two profiles, read a profile's merges, undo
 * a merge, and the attribute merge strategies. One root resource per path, so Jersey never picks a
 * prefix resource that lacks the sub-path.
 */
final class MergeResources {
    private MergeResources() {
    }

    static List<Object> all(ServiceAccess services) {
        return List.of(new Link(services), new Merge(services), new History(services), new Undo(services),
                new Strategies(services));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MergeJson(long id, long survivorId, long mergedId, String reason, IdentityJson identity, String by, String at,
            String undoneAt, String undoneBy) {
        static MergeJson of(MergeRecord m) {
            return new MergeJson(m.id(), m.survivorId(), m.mergedId(), wire(m.reason().name()),
                    m.identity() == null ? null : IdentityJson.of(m.identity()), m.by(), m.at().toString(),
                    m.undoneAt() == null ? null : m.undoneAt().toString(), m.undoneBy());
        }
    }

    record UndoJson(MergeJson merge, CustomerJson restored, CustomerJson survivor, List<String> keptNewer,
            List<IdentityJson> identitiesNotRestored) {
        static UndoJson of(UndoResult u) {
            return new UndoJson(MergeJson.of(u.merge()), CustomerJson.of(u.restored()), CustomerJson.of(u.survivor()),
                    u.keptNewer(), u.identitiesNotRestored().stream().map(IdentityJson::of).toList());
        }
    }

    /** Body of POST /customers/{id}/merge. */
    record MergeInput(Long customerId) {
    }

    /** {@code {"default":"most-recent","attributes":{"city":"oldest"}}}; strategies: most-recent, oldest, first-non-empty. */
    record StrategiesJson(@JsonProperty("default") String defaultStrategy, Map<String, String> attributes) {
        static StrategiesJson of(MergeStrategies s) {
            Map<String, String> attrs = new TreeMap<>();
            s.overrides().forEach((k, v) -> attrs.put(k, wire(v.name())));
            return new StrategiesJson(wire(s.defaultStrategy().name()), attrs);
        }

        MergeStrategies toApi() {
            List<FieldError> errors = new ArrayList<>();
            MergeStrategy def = defaultStrategy == null ? MergeStrategy.MOST_RECENT : parse(defaultStrategy, "default", errors);
            Map<String, MergeStrategy> overrides = new LinkedHashMap<>();
            if (attributes != null) {
                attributes.forEach((name, value) -> {
                    MergeStrategy s = parse(value, "attributes." + name, errors);
                    if (s != null) {
                        overrides.put(name, s);
                    }
                });
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            return new MergeStrategies(def, overrides);
        }

        private static MergeStrategy parse(String value, String field, List<FieldError> errors) {
            try {
                return MergeStrategy.valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of(field, "'" + value + "' is not a strategy: most-recent, oldest or first-non-empty"));
                return null;
            }
        }
    }

    static String wire(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ChannelIdentity identity(IdentityJson j) {
        if (j.type() == null) {
            throw new ValidationException(FieldError.of("type", "is required (phone, email, wecom, oa, mp, unionid, visitor)"));
        }
        if (j.value() == null) {
            throw new ValidationException(FieldError.of("value", "is required"));
        }
        try {
            return new ChannelIdentity(IdentityType.fromCode(j.type()), j.namespace(), j.value());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of("type", "unknown identity type '" + j.type() + "'"));
        }
    }

    /** Adds an identity; if another profile holds it, the two merge. Answers with the live profile. */
    @Path("customers/{id}/identities")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static final class Link {
        private final ServiceAccess services;

        Link(ServiceAccess services) {
            this.services = services;
        }

        @POST
        public CustomerJson link(@PathParam("id") long id, IdentityJson input, @Context SecurityContext security) {
            ChannelIdentity identity = identity(CustomerResource.requireBody(input));
            return CustomerJson.of(services.identities().link(Callers.of(security), id, identity));
        }
    }

    /** Merges {@code customerId} with the profile in the path; the survivor follows the rule, not the order. */
    @Path("customers/{id}/merge")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static final class Merge {
        private final ServiceAccess services;

        Merge(ServiceAccess services) {
            this.services = services;
        }

        @POST
        public MergeJson merge(@PathParam("id") long id, MergeInput input, @Context SecurityContext security) {
            MergeInput in = CustomerResource.requireBody(input);
            if (in.customerId() == null) {
                throw new ValidationException(FieldError.of("customerId", "is required: the customer to merge with"));
            }
            return MergeJson.of(services.identities().merge(Callers.of(security), id, in.customerId()));
        }
    }

    @Path("customers/{id}/merges")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class History {
        private final ServiceAccess services;

        History(ServiceAccess services) {
            this.services = services;
        }

        @GET
        public List<MergeJson> history(@PathParam("id") long id, @Context SecurityContext security) {
            return services.identities().history(Callers.of(security), id).stream().map(MergeJson::of).toList();
        }
    }

    @Path("merges")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Undo {
        private final ServiceAccess services;

        Undo(ServiceAccess services) {
            this.services = services;
        }

        /** 409 if already undone, or if a later merge took the survivor away (the problem names it). */
        @POST
        @Path("{mergeId}/undo")
        public UndoJson undo(@PathParam("mergeId") long mergeId, @Context SecurityContext security) {
            return UndoJson.of(services.identities().undo(Callers.of(security), mergeId));
        }
    }

    @Path("settings/merge-strategies")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static final class Strategies {
        private final ServiceAccess services;

        Strategies(ServiceAccess services) {
            this.services = services;
        }

        @GET
        public StrategiesJson get(@Context SecurityContext security) {
            return StrategiesJson.of(services.identities().strategies(Callers.of(security)));
        }

        @PUT
        public StrategiesJson put(StrategiesJson input, @Context SecurityContext security) {
            MergeStrategies s = CustomerResource.requireBody(input).toApi();
            return StrategiesJson.of(services.identities().setStrategies(Callers.of(security), s));
        }
    }
}
