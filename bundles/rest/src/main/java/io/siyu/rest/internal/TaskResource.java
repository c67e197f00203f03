package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.TaskState;
import io.siyu.rest.internal.Dto.PageJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

/** Staff tasks: per-staff lists (open ones by due time first), creating, completing and cancelling. */
@Path("tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TaskResource {
    private final ServiceAccess services;

    TaskResource(ServiceAccess services) {
        this.services = services;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaskJson(long id, String kind, String assignee, String title, String script, Long customerId,
            String sourceRef, String priority, String dueAt, boolean overdue, String state, String createdAt,
            String completedAt) {
        static TaskJson of(StaffTask t, Instant now) {
            return new TaskJson(t.id(), lower(t.kind()), t.assigneeStaffId(), t.title(), t.script(), t.customerId(),
                    t.sourceRef(), lower(t.priority()), t.dueAt() == null ? null : t.dueAt().toString(), t.isOverdue(now),
                    lower(t.state()), t.createdAt().toString(), t.completedAt() == null ? null : t.completedAt().toString());
        }
    }

    /** What {@code POST /tasks} takes; {@code idempotencyKey} makes a repeated request return the same task. */
    record TaskInput(String kind, String assignee, String title, String script, Long customerId, String sourceRef,
            String priority, String dueAt, String idempotencyKey) {
    }

    @GET
    public PageJson<TaskJson> list(@QueryParam("staff") String staff, @QueryParam("state") String state,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("20") int limit,
            @Context SecurityContext security) {
        Instant now = Instant.now();
        return PageJson.of(services.tasks().tasksOf(Callers.of(security), staff, state(state),
                new PageRequest(offset, limit)), t -> TaskJson.of(t, now));
    }

    @POST
    public Response create(TaskInput input, @Context UriInfo uri, @Context SecurityContext security) {
        TaskInput in = CustomerResource.requireBody(input);
        List<FieldError> errors = new ArrayList<>();
        StaffTask.Kind kind = parse(StaffTask.Kind.class, in.kind() == null ? "other" : in.kind(), "kind", errors);
        StaffTask.Priority priority = parse(StaffTask.Priority.class, in.priority() == null ? "normal" : in.priority(),
                "priority", errors);
        Instant due = null;
        if (in.dueAt() != null) {
            try {
                due = Instant.parse(in.dueAt());
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of("dueAt", "is an ISO-8601 instant, e.g. 2026-11-23T08:00:00Z"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        StaffTask t = services.tasks().create(Callers.of(security), new StaffTaskDraft(kind, in.assignee(), in.title(),
                in.script(), in.customerId(), in.sourceRef(), priority, due), in.idempotencyKey());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(t.id())).build())
                .entity(TaskJson.of(t, Instant.now())).build();
    }

    @POST
    @Path("{id}/complete")
    public TaskJson complete(@PathParam("id") long id, @Context SecurityContext security) {
        return TaskJson.of(services.tasks().complete(Callers.of(security), id), Instant.now());
    }

    @POST
    @Path("{id}/cancel")
    public TaskJson cancel(@PathParam("id") long id, @Context SecurityContext security) {
        return TaskJson.of(services.tasks().cancel(Callers.of(security), id), Instant.now());
    }

    static TaskState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        List<FieldError> errors = new ArrayList<>();
        TaskState s = parse(TaskState.class, state, "state", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return s;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field, List<FieldError> errors) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of(field, "'" + value + "' is not one of "
                    + EnumSet.allOf(type).toString().toLowerCase(Locale.ROOT)));
            return null;
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
