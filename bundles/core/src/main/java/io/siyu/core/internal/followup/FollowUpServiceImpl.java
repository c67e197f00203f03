package io.siyu.core.internal.followup;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.EventTypes;
import io.siyu.api.followup.FollowUp;
import io.siyu.api.followup.FollowUpDraft;
import io.siyu.api.followup.FollowUpService;
import io.siyu.api.org.Caller;
import io.siyu.api.org.Permission;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.org.TaskState;
import io.siyu.core.internal.org.Authority;
import io.siyu.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Records follow-ups through the other services, so each step keeps its own checks (scope, schema,
 * task ownership). Everything that can be refused is checked before anything is written; a
 * request id makes a retry after a failure part-way repeat nothing that already happened.
 */
@Component(service = FollowUpService.class)
public final class FollowUpServiceImpl implements FollowUpService {
    static final String OWNER_STAFF = "ownerStaff";

    private final CustomerService customers;
    private final EventService events;
    private final StaffTaskService tasks;
    private final Store store;
    private final Authority authority;
    private final Clock clock;

    @Activate
    public FollowUpServiceImpl(@Reference CustomerService customers, @Reference EventService events,
            @Reference StaffTaskService tasks, @Reference Store store, @Reference Authority authority) {
        this(customers, events, tasks, store, authority, Clock.systemUTC());
    }

    public FollowUpServiceImpl(CustomerService customers, EventService events, StaffTaskService tasks, Store store,
            Authority authority, Clock clock) {
        this.customers = customers;
        this.events = events;
        this.tasks = tasks;
        this.store = store;
        this.authority = authority;
        this.clock = clock;
    }

    @Override
    public FollowUp record(Caller caller, long customerId, FollowUpDraft draft) {
        authority.require(caller, Permission.CUSTOMER_WRITE);
        Customer before = customers.get(caller, customerId); // 404 outside the caller's scope
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String eventId = eventId(caller, draft.requestId());
        boolean retry = draft.requestId() != null && store.events().exists(eventId);

        String assignee = null;
        if (draft.nextAt() != null) {
            require(retry || draft.nextAt().isAfter(now), "nextAt", "must be in the future (it is " + draft.nextAt() + ")");
            assignee = caller.staffId() != null ? caller.staffId() : owner(before);
            require(assignee != null, "nextAt", "the customer has no owner and '" + caller.username()
                    + "' is no staff member, so nobody would get the next follow-up");
        }
        StaffTask done = draft.completesTaskId() == null ? null : task(caller, before.id(), draft.completesTaskId(), retry);

        // The update checks the values against the schema: refused here, nothing has been written.
        Customer after = draft.attributes().isEmpty() ? before : customers.update(caller, before.id(),
                new CustomerDraft(before.displayName(), before.identities(),
                        before.tags().stream().map(t -> t.id()).collect(Collectors.toSet()),
                        merged(before.attributes(), draft.attributes())), null);
        if (done != null && done.state() == TaskState.OPEN) {
            try {
                tasks.complete(caller, done.id());
            } catch (ConflictException closedMeanwhile) {
                // someone closed it since it was read; the follow-up stands on its own
            }
        }
        Map<String, Object> changed = changes(before.attributes(), after.attributes());
        Map<String, Object> properties = new LinkedHashMap<>();
        if (caller.staffId() != null) {
            properties.put(EventTypes.STAFF_ID, caller.staffId());
        }
        properties.put(EventTypes.BY, caller.username());
        properties.put("method", draft.method().name().toLowerCase());
        properties.put("note", draft.note());
        if (draft.outcome() != null) {
            properties.put("outcome", draft.outcome());
        }
        if (!changed.isEmpty()) {
            properties.put("changed", changed);
        }
        if (draft.nextAt() != null) {
            properties.put("nextAt", draft.nextAt().toString());
        }
        if (done != null) {
            properties.put("taskId", done.id());
        }
        // as the system: event ingestion is for integrations with every customer in scope, and the
        // caller's scope was checked above
        // after the changes it brought, so the timeline reads record last
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        io.siyu.api.event.IngestResult stored = events.ingest(Caller.SYSTEM, List.of(new EventDraft(eventId,
                EventTypes.FOLLOW_UP, at, "siyu", before.id(), null, properties)));
        if (!stored.ok()) {
            throw new ValidationException(stored.errors());
        }

        Long nextTaskId = null;
        if (draft.nextAt() != null) {
            nextTaskId = tasks.create(caller, new StaffTaskDraft(StaffTask.Kind.FOLLOW_UP, assignee,
                    "跟进 " + before.displayName(), draft.nextNote(), before.id(), "follow-up:" + eventId,
                    StaffTask.Priority.NORMAL, draft.nextAt()), "follow-up:" + eventId).id();
        }
        return new FollowUp(eventId, before.id(), caller.staffId(), caller.username(), draft.method(), draft.note(),
                draft.outcome(), changed, at, draft.nextAt(), nextTaskId);
    }

    private static Map<String, Object> merged(Map<String, Object> current, Map<String, Object> requested) {
        Map<String, Object> attributes = new LinkedHashMap<>(current);
        requested.forEach((k, v) -> {
            if (v == null) {
                attributes.remove(k);
            } else {
                attributes.put(k, v);
            }
        });
        return attributes;
    }

    /** What the update changed, as text, numbers and booleans (dates in ISO form); removed ones as null. */
    private static Map<String, Object> changes(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> changed = new LinkedHashMap<>();
        java.util.Set<String> names = new java.util.TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            Object to = after.get(name);
            if (!Objects.equals(before.get(name), to)) {
                changed.put(name, to == null || to instanceof Number || to instanceof Boolean ? to : to.toString());
            }
        }
        return changed;
    }

    /** The task the follow-up did: it must be open, unless this is a retry of the request that closed it. */
    private StaffTask task(Caller caller, long customerId, long taskId, boolean retry) {
        io.siyu.core.internal.org.Reach reach = authority.reach(caller);
        StaffTask task = store.staffTasks().find(taskId)
                .filter(t -> reach.all() || reach.staffKeys().contains(t.assigneeStaffId()))
                .orElseThrow(() -> new ValidationException(FieldError.of("completesTaskId", "no task " + taskId)));
        require(task.customerId() == null || task.customerId() == customerId, "completesTaskId",
                "task " + taskId + " is about customer " + task.customerId() + ", not " + customerId);
        if (task.state() != TaskState.OPEN && !retry) {
            throw new ConflictException("task " + taskId + " is already " + task.state().name().toLowerCase()
                    + ", so this follow-up cannot complete it");
        }
        return task;
    }

    private static String owner(Customer customer) {
        Object owner = customer.attributes().get(OWNER_STAFF);
        return owner == null || owner.toString().isBlank() ? null : owner.toString();
    }

    /** The same user's same request id is the same event; without one every record is new. */
    static String eventId(Caller caller, String requestId) {
        if (requestId == null) {
            return "follow-up-" + UUID.randomUUID();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(caller.username().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(requestId.getBytes(StandardCharsets.UTF_8));
            return "follow-up-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new ValidationException(FieldError.of(field, message));
        }
    }
}
