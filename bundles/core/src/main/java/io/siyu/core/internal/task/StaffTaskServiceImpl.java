package io.siyu.core.internal.task;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.org.TaskState;
import io.siyu.core.internal.Scopes;
import io.siyu.store.StaffTaskRepository;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Staff tasks, and the reminder of overdue ones: once per task, cluster-wide, a {@code task.overdue}
 * event on the customer's timeline (so SOPs can react to it and the profile shows it) and a log line.
 * The event's id is derived from the task, so two nodes checking at once store it once.
 */
@Component(service = StaffTaskService.class, immediate = true, configurationPid = "io.siyu.tasks")
@Designate(ocd = StaffTaskServiceImpl.Config.class)
public final class StaffTaskServiceImpl implements StaffTaskService {
    private static final Logger LOG = Logger.getLogger(StaffTaskServiceImpl.class.getName());
    /** The timeline event of an overdue task. */
    public static final String TASK_OVERDUE = "task.overdue";
    static final String CHANNEL = "siyu";
    static final int MAX_TITLE = 500;
    static final int MAX_SCRIPT = 4000;
    static final int MAX_REF = 200;
    static final int MAX_STAFF = 128;

    @ObjectClassDefinition(name = "Siyu staff tasks", description = "Staff tasks and their overdue reminders")
    public @interface Config {
        @AttributeDefinition(description = "How often to look for overdue tasks (s)")
        long overdueCheckSeconds() default 60;
    }

    private final StaffTaskRepository repository;
    private final Store store;
    private final io.siyu.core.internal.org.DataScopes scopes;
    private final EventService events;
    private final Clock clock;
    private final ScheduledExecutorService checker;

    @Activate
    public StaffTaskServiceImpl(@Reference Store store, @Reference EventService events, Config config) {
        this(store, events, Clock.systemUTC());
        checker.scheduleWithFixedDelay(this::checkOverdueQuietly, config.overdueCheckSeconds(),
                Math.max(1, config.overdueCheckSeconds()), TimeUnit.SECONDS);
    }

    /** For tests: no background check; call {@link #remindOverdue()}. */
    public StaffTaskServiceImpl(Store store, EventService events, Clock clock) {
        this.repository = store.staffTasks();
        this.store = store;
        this.scopes = new io.siyu.core.internal.org.DataScopes(store);
        this.events = events;
        this.clock = clock;
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siyu-task-reminders");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        checker.shutdownNow();
    }

    @Override
    public StaffTask create(Caller caller, StaffTaskDraft draft, String idempotencyKey) {
        if (draft == null) {
            throw new ValidationException(FieldError.of("body", "send a task as JSON"));
        }
        requireStaffInReach(caller, draft.assigneeStaffId().strip());
        if (draft.customerId() != null) {
            scopes.requireCustomer(caller, store.identities().resolve(draft.customerId()).orElse(draft.customerId()));
        }
        List<FieldError> errors = new ArrayList<>();
        max(errors, "title", draft.title(), MAX_TITLE);
        max(errors, "script", draft.script(), MAX_SCRIPT);
        max(errors, "assigneeStaffId", draft.assigneeStaffId(), MAX_STAFF);
        max(errors, "sourceRef", draft.sourceRef(), MAX_REF);
        max(errors, "idempotencyKey", idempotencyKey, MAX_REF);
        Long customerId = draft.customerId();
        if (customerId != null) {
            // a merged-away id names its survivor
            customerId = store.identities().resolve(customerId).orElse(null);
            if (customerId == null) {
                errors.add(FieldError.of("customerId", "no customer " + draft.customerId()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        StaffTaskDraft stored = new StaffTaskDraft(draft.kind(), draft.assigneeStaffId().strip(), draft.title().strip(),
                draft.script(), customerId, draft.sourceRef(), draft.priority(),
                draft.dueAt() == null ? null : draft.dueAt().truncatedTo(ChronoUnit.MILLIS));
        return repository.insert(stored, idempotencyKey, clock.instant(), caller.username());
    }

    /** One's own tasks, or those of staff in one's units; head office everyone's. */
    private void requireStaffInReach(Caller caller, String staffId) {
        if (caller.scope() == io.siyu.api.org.DataScope.ALL || staffId.equals(caller.staffId())) {
            return;
        }
        boolean inReach = store.org().staff(staffId).map(s -> scopes.unitsInReach(caller).contains(s.orgUnitId()))
                .orElse(false);
        if (!inReach) {
            throw new io.siyu.api.ForbiddenException("staff member " + staffId + " is outside the data scope of '"
                    + caller.username() + "'");
        }
    }

    private static void max(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(FieldError.of(field, "must be at most " + max + " characters"));
        }
    }

    @Override
    public Page<StaffTask> tasksOf(Caller caller, String staffId, TaskState state, PageRequest page) {
        String staff = staffId == null || staffId.isBlank() ? null : staffId.strip();
        if (staff == null && caller.scope() != io.siyu.api.org.DataScope.ALL) {
            staff = caller.staffId(); // below head office "all tasks" means one's own
            if (staff == null) {
                throw new io.siyu.api.ForbiddenException("'" + caller.username() + "' is not linked to a staff record,"
                        + " so has no tasks; name a staff member");
            }
        }
        if (staff != null) {
            requireStaffInReach(caller, staff);
        }
        return new Page<>(repository.list(staff, state, page.offset(), page.limit()), repository.count(staff, state),
                page.offset(), page.limit());
    }

    @Override
    public StaffTask complete(Caller caller, long taskId) {
        return close(caller, taskId, TaskState.DONE);
    }

    @Override
    public StaffTask cancel(Caller caller, long taskId) {
        return close(caller, taskId, TaskState.CANCELLED);
    }

    private StaffTask close(Caller caller, long taskId, TaskState to) {
        StaffTask before = repository.find(taskId).orElseThrow(() -> new NotFoundException("task", taskId));
        try {
            requireStaffInReach(caller, before.assigneeStaffId());
        } catch (io.siyu.api.ForbiddenException e) {
            throw new NotFoundException("task", taskId);
        }
        boolean closed = repository.close(taskId, to, clock.instant())
                .orElseThrow(() -> new NotFoundException("task", taskId));
        StaffTask task = repository.find(taskId).orElseThrow(() -> new NotFoundException("task", taskId));
        if (!closed) {
            throw new ConflictException("task " + taskId + " is already " + task.state().name().toLowerCase()
                    + ", so it cannot be " + (to == TaskState.DONE ? "completed" : "cancelled"));
        }
        return task;
    }

    /**
     * Reminds of every open task past its due time that was not reminded of yet.
     *
     * @return how many reminders this call sent
     */
    public int remindOverdue() {
        int sent = 0;
        while (true) {
            List<StaffTask> due = repository.overdueUnreminded(clock.instant(), 200);
            if (due.isEmpty()) {
                return sent;
            }
            for (StaffTask task : due) {
                remind(task);
                // Marked after the event: a crash in between re-sends an event with the same id, which is a duplicate.
                if (repository.markReminded(task.id(), clock.instant())) {
                    sent++;
                    LOG.info(() -> "Task " + task.id() + " for " + task.assigneeStaffId() + " is overdue since "
                            + task.dueAt() + ": " + task.title());
                }
            }
            if (due.size() < 200) {
                return sent;
            }
        }
    }

    private void remind(StaffTask task) {
        if (task.customerId() == null) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("taskId", task.id());
        properties.put("title", task.title());
        properties.put("assigneeStaffId", task.assigneeStaffId());
        properties.put("kind", task.kind().name().toLowerCase());
        properties.put("dueAt", task.dueAt().toString());
        if (task.sourceRef() != null) {
            properties.put("sourceRef", task.sourceRef());
        }
        IngestResult result = events.ingest(Caller.SYSTEM, List.of(new EventDraft(overdueEventId(task.id()),
                TASK_OVERDUE, task.dueAt(), CHANNEL, task.customerId(), null, properties, List.of())));
        if (!result.ok()) {
            LOG.warning("overdue reminder of task " + task.id() + " not recorded on the timeline: " + result.errors());
        }
    }

    static String overdueEventId(long taskId) {
        return "task-overdue-" + taskId;
    }

    private void checkOverdueQuietly() {
        try {
            remindOverdue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "checking overdue tasks failed; trying again later", e);
        }
    }
}
