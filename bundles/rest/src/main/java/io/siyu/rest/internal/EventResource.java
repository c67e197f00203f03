package io.siyu.rest.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.IngestResult;
import io.siyu.rest.internal.Dto.IdentityJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/**
 * Event ingestion: one event object or an array of up to {@value EventService#MAX_BATCH}, stored
 * all or nothing and idempotent by event id, so producers can retry a whole batch.
 */
@Path("events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class EventResource {
    private final ServiceAccess services;

    EventResource(ServiceAccess services) {
        this.services = services;
    }

    /** An event on the wire; {@code occurredAt} is ISO-8601 with an offset, e.g. 2026-11-20T10:15:00+08:00. */
    record EventInput(String id, String type, String occurredAt, String channel, Long customerId,
            IdentityJson identity, Map<String, Object> properties, List<IdentityJson> identities) {
    }

    record IngestJson(int accepted, int duplicates, int createdCustomers) {
    }

    @POST
    public IngestJson ingest(List<EventInput> input, @Context SecurityContext security) {
        List<EventInput> events = CustomerResource.requireBody(input);
        List<FieldError> errors = new ArrayList<>();
        List<EventDraft> drafts = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            drafts.add(toDraft(events.get(i), "events[" + i + "]", errors));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        IngestResult result = services.events().ingest(Callers.of(security), drafts);
        if (!result.ok()) {
            throw new ValidationException(result.errors());
        }
        return new IngestJson(result.accepted(), result.duplicates(), result.createdCustomers());
    }

    private static EventDraft toDraft(EventInput e, String path, List<FieldError> errors) {
        if (e == null) {
            errors.add(FieldError.of(path, "must be an event object"));
            return null;
        }
        Instant at = null;
        if (e.occurredAt() != null) {
            try {
                at = java.time.OffsetDateTime.parse(e.occurredAt()).toInstant();
            } catch (DateTimeParseException bad) {
                errors.add(FieldError.of(path + ".occurredAt", "'" + e.occurredAt()
                        + "' is not an ISO-8601 time with offset, e.g. 2026-11-20T10:15:00+08:00"));
            }
        }
        ChannelIdentity identity = e.identity() == null ? null : identity(e.identity(), path + ".identity", errors);
        List<ChannelIdentity> identities = new ArrayList<>();
        if (e.identities() != null) {
            for (int k = 0; k < e.identities().size(); k++) {
                IdentityJson j = e.identities().get(k);
                if (j == null) {
                    errors.add(FieldError.of(path + ".identities[" + k + "]", "must be an identity object"));
                } else {
                    identities.add(identity(j, path + ".identities[" + k + "]", errors));
                }
            }
        }
        return new EventDraft(e.id(), e.type(), at, e.channel(), e.customerId(), identity, e.properties(), identities);
    }

    private static ChannelIdentity identity(IdentityJson j, String field, List<FieldError> errors) {
        try {
            return new ChannelIdentity(IdentityType.fromCode(String.valueOf(j.type())), j.namespace(),
                    j.value() == null ? "" : j.value());
        } catch (IllegalArgumentException unknown) {
            errors.add(FieldError.of(field + ".type", "unknown identity type '" + j.type() + "'"));
            return null;
        }
    }
}
