package io.siyu.core.internal.audit;

import io.siyu.api.Page;
import io.siyu.api.audit.AuditEntry;
import io.siyu.api.audit.AuditLog;
import io.siyu.api.audit.AuditQuery;
import io.siyu.api.audit.AuditRecord;
import io.siyu.api.audit.AuditVerification;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Staff;
import io.siyu.core.internal.org.Authority;
import io.siyu.store.AuditRepository;
import io.siyu.store.AuditRepository.NewAuditEntry;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The audit log over the store's hash chain. Recording is synchronous but shared: callers queue
 * their entries and whoever holds the writer lock stores everything queued in one transaction (group
 * commit), so many threads recording at once cost few transactions while one chain head lock per
 * transaction keeps the chain whole across nodes.
 */
@Component(service = {AuditLog.class, AuditTrail.class})
public final class AuditLogImpl implements AuditLog, AuditTrail {
    /** Entries written per transaction at most; a longer queue is drained in several. */
    private static final int MAX_BATCH = 500;

    private final Store store;
    private final Authority authority;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /** One caller's entries; {@code done} and {@code failure} are set under the writer lock. */
    private static final class Pending {
        final List<NewAuditEntry> entries;
        boolean done;
        RuntimeException failure;

        Pending(List<NewAuditEntry> entries) {
            this.entries = entries;
        }
    }

    @Activate
    public AuditLogImpl(@Reference Store store, @Reference Authority authority) {
        this(store, authority, Clock.systemUTC());
    }

    public AuditLogImpl(Store store, Authority authority, Clock clock) {
        this.store = store;
        this.authority = authority;
        this.clock = clock;
    }

    @Override
    public void record(Caller caller, AuditRecord record) {
        append(caller.username(), List.of(record));
    }

    @Override
    public void recordAll(Caller caller, List<AuditRecord> records) {
        append(caller.username(), records);
    }

    @Override
    public void append(String actor, List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<NewAuditEntry> entries = records.stream().map(r -> new NewAuditEntry(now, actor, r.action(),
                r.subjectType(), r.subjectId(), r.detail())).toList();
        Pending mine = new Pending(entries);
        queue.add(mine);
        // Whoever gets the lock writes what is queued, its own entries among them unless an earlier
        // holder already did; a queue longer than a batch takes several turns.
        while (true) {
            writer.lock();
            try {
                if (mine.done) {
                    break;
                }
                writeQueued();
            } finally {
                writer.unlock();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    private void writeQueued() {
        List<Pending> batch = new ArrayList<>();
        List<NewAuditEntry> entries = new ArrayList<>();
        Pending next;
        while (entries.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
            entries.addAll(next.entries);
        }
        RuntimeException failure = null;
        try {
            store.audit().append(entries);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Pending p : batch) {
            p.failure = failure;
            p.done = true;
        }
    }

    @Override
    public Page<AuditEntry> query(Caller caller, AuditQuery query) {
        authority.require(caller, Permission.AUDIT_READ);
        AuditRepository.Filter filter = new AuditRepository.Filter(query.actor(), actorsInReach(caller),
                query.action(), query.subjectType(), query.subjectId(), query.from(), query.to());
        return new Page<>(store.audit().query(filter, query.page().offset(), query.page().limit()),
                store.audit().count(filter), query.page().offset(), query.page().limit());
    }

    /** Null for head office; below it the staff of the caller's units, or the caller alone. */
    private Set<String> actorsInReach(Caller caller) {
        if (caller.scope() == DataScope.ALL) {
            return null;
        }
        Set<String> units = authority.unitsInReach(caller);
        Set<String> actors = store.org().allStaff().stream().filter(s -> units.contains(s.orgUnitId()))
                .map(Staff::id).collect(Collectors.toSet());
        actors.add(caller.username());
        return actors;
    }

    @Override
    public AuditVerification verify(Caller caller) {
        authority.require(caller, Permission.AUDIT_READ);
        authority.requireAllScope(caller, "verifying the whole audit log");
        return store.audit().verify();
    }
}
