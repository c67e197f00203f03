package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.followup.FollowUp;
import io.siyu.api.followup.FollowUpDraft;
import io.siyu.api.followup.FollowUpMethod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * {@code POST /customers/{id}/follow-ups}: a staff member records a call or visit; the record, its
 * attribute changes and the next follow-up show on the customer's timeline and task list.
 */
@Path("customers/{id}/follow-ups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class FollowUpResource {
    private final ServiceAccess services;

    FollowUpResource(ServiceAccess services) {
        this.services = services;
    }

    record FollowUpInput(String requestId, String method, String note, String outcome, Map<String, Object> attributes,
            String nextAt, String nextNote, Long completesTaskId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FollowUpJson(String eventId, long customerId, String staffId, String by, String method, String note,
            String outcome, Map<String, Object> changed, String at, String nextAt, Long nextTaskId) {
        static FollowUpJson of(FollowUp f) {
            return new FollowUpJson(f.eventId(), f.customerId(), f.staffId(), f.by(), f.method().name().toLowerCase(),
                    f.note(), f.outcome(), f.changed(), f.at().toString(), f.nextAt() == null ? null : f.nextAt().toString(),
                    f.nextTaskId());
        }
    }

    @POST
    public Response record(@PathParam("id") long customerId, FollowUpInput input, @Context SecurityContext security) {
        FollowUpInput in = CustomerResource.requireBody(input);
        List<FieldError> errors = new ArrayList<>();
        FollowUpMethod method = in.method() == null ? null : TaskResource.parse(FollowUpMethod.class, in.method(), "method", errors);
        Instant next = null;
        if (in.nextAt() != null) {
            try {
                next = Instant.parse(in.nextAt());
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of("nextAt", "is an ISO-8601 instant, e.g. 2026-11-25T02:00:00Z"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        FollowUp f = services.followUps().record(Callers.of(security), customerId, new FollowUpDraft(in.requestId(),
                method, in.note(), in.outcome(), in.attributes(), next, in.nextNote(), in.completesTaskId()));
        return Response.status(Response.Status.CREATED).entity(FollowUpJson.of(f)).build();
    }
}
