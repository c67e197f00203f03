package io.siyu.rest.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** A customer's consent per channel type: opted in or out, when, and how Siyu learnt it. */
@Path("customers/{id}/consents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ConsentResource {
    private final ServiceAccess services;

    ConsentResource(ServiceAccess services) {
        this.services = services;
    }

    record ConsentJson(String channelType, String state, String changedAt, String source) {
        static ConsentJson of(Consent c) {
            return new ConsentJson(c.channelType(), c.state().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    c.changedAt().toString(), c.source());
        }
    }

    /** {@code changedAt} defaults to now and {@code source} to "api:&lt;user&gt;". */
    record ConsentInput(String channelType, String state, String changedAt, String source) {
    }

    @GET
    public List<ConsentJson> list(@PathParam("id") long id, @Context SecurityContext security) {
        return services.consents().consents(Callers.of(security), id).stream().map(ConsentJson::of).toList();
    }

    /** Records a statement; answers with the consent now current for that channel. */
    @POST
    public ConsentJson record(@PathParam("id") long id, ConsentInput input, @Context SecurityContext security) {
        ConsentInput in = CustomerResource.requireBody(input);
        List<FieldError> errors = new ArrayList<>();
        if (in.channelType() == null || in.channelType().isBlank()) {
            errors.add(FieldError.of("channelType", "is required"));
        }
        ConsentState state = null;
        if (in.state() == null) {
            errors.add(FieldError.of("state", "is required: opted-in or opted-out"));
        } else {
            try {
                state = ConsentState.valueOf(in.state().strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of("state", "must be opted-in or opted-out"));
            }
        }
        Instant changedAt = Instant.now();
        if (in.changedAt() != null) {
            try {
                changedAt = OffsetDateTime.parse(in.changedAt()).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of("changedAt", "not an ISO-8601 time with offset"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String source = in.source() == null || in.source().isBlank()
                ? "api:" + security.getUserPrincipal().getName() : in.source();
        return ConsentJson.of(services.consents().record(Callers.of(security),
                new Consent(id, in.channelType().strip(), state, changedAt, source)));
    }
}
