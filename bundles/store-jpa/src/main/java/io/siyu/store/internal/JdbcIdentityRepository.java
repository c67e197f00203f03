package io.siyu.store.internal;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.MergeReason;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.customer.UndoResult;
import io.siyu.store.CustomerRepository;
import io.siyu.store.IdentityRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Links, merges and undo in plain JDBC, each one transaction retried on lost races (see {@link MergeEngine}). */
final class JdbcIdentityRepository implements IdentityRepository {
    private final JdbcTransactions jdbc;
    private final MergeEngine engine;
    private final CustomerRepository customers;

    JdbcIdentityRepository(DataSource dataSource, SchemaMigrator.Dialect dialect, CustomerRepository customers) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.engine = new MergeEngine(dialect);
        this.customers = customers;
    }

    @Override
    public Customer link(long customerId, ChannelIdentity identity, String by, Instant now) {
        long holder = jdbc.retrying("linking an identity", c -> {
            long live = engine.resolve(c, customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
            return engine.link(c, live, identity, by, now);
        }, done -> true);
        return live(holder);
    }

    @Override
    public MergeRecord merge(long customerId, long otherId, String field, String by, Instant now) {
        return jdbc.retrying("merging customers", c -> {
            long a = engine.resolve(c, customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
            long b = engine.resolve(c, otherId).orElseThrow(() -> new NotFoundException("customer", otherId));
            if (a == b) {
                throw new ValidationException(FieldError.of(field, customerId == otherId
                        ? "merge loop: customer " + customerId + " cannot be merged with itself"
                        : "merge loop: customers " + customerId + " and " + otherId + " are already one profile (" + a + ")"));
            }
            return engine.merge(c, a, b, MergeReason.EXPLICIT, Map.of(), by, now);
        }, done -> true);
    }

    @Override
    public UndoResult undo(long mergeId, String by, Instant now) {
        MergeEngine.Undone undone = jdbc.retrying("undoing a merge", c -> engine.undo(c, mergeId, by, now), done -> true);
        return new UndoResult(undone.merge(), live(undone.merge().mergedId()), live(undone.merge().survivorId()),
                undone.keptNewer(), undone.notRestored());
    }

    @Override
    public Optional<MergeRecord> findMerge(long mergeId) {
        return jdbc.read("reading a merge", c -> engine.findMerge(c, mergeId));
    }

    @Override
    public List<MergeRecord> history(long customerId) {
        return jdbc.read("reading merge history", c -> {
            Optional<Long> live = engine.resolve(c, customerId);
            return live.isPresent() ? engine.history(c, live.get()) : List.of();
        });
    }

    @Override
    public Optional<Long> resolve(long customerId) {
        return jdbc.read("resolving a customer id", c -> engine.resolve(c, customerId));
    }

    @Override
    public java.util.Map<Long, Long> resolveAll(long[] customerIds) {
        return jdbc.read("resolving customer ids", c -> engine.resolveAll(c, customerIds));
    }

    private Customer live(long id) {
        // Read after commit; a concurrent merge in between would have made it an alias.
        return customers.find(id).or(() -> resolve(id).flatMap(customers::find))
                .orElseThrow(() -> new NotFoundException("customer", id));
    }
}
