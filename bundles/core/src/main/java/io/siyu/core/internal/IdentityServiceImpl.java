package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.IdentityService;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.customer.MergeStrategies;
import io.siyu.api.customer.UndoResult;
import io.siyu.api.org.Caller;
import io.siyu.store.IdentityRepository;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Identity links, merges and undo; the store does each in one transaction, this checks the input. */
@Component(service = IdentityService.class)
public final class IdentityServiceImpl implements IdentityService {
    private final Store store;
    private final Clock clock;

    @Activate
    public IdentityServiceImpl(@Reference Store store) {
        this(store, Clock.systemUTC());
    }

    IdentityServiceImpl(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Millisecond precision: what every supported database stores, so reads equal writes. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Customer link(Caller caller, long customerId, ChannelIdentity identity) {
        Scopes.requireAll(caller);
        List<FieldError> errors = new ArrayList<>();
        ChannelIdentity normalised = IdentityNormalizer.normalize(identity, "identity", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return store.identities().link(customerId, normalised, caller.username(), now());
    }

    @Override
    public MergeRecord merge(Caller caller, long customerId, long otherId) {
        Scopes.requireAll(caller);
        return store.identities().merge(customerId, otherId, "customerId", caller.username(), now());
    }

    @Override
    public UndoResult undo(Caller caller, long mergeId) {
        Scopes.requireAll(caller);
        return store.identities().undo(mergeId, caller.username(), now());
    }

    @Override
    public List<MergeRecord> history(Caller caller, long customerId) {
        return store.identities().history(resolve(caller, customerId));
    }

    @Override
    public long resolve(Caller caller, long customerId) {
        Scopes.requireAll(caller);
        return store.identities().resolve(customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
    }

    @Override
    public MergeStrategies strategies(Caller caller) {
        Scopes.requireAll(caller);
        return store.settings().get(IdentityRepository.STRATEGIES_SETTING).map(MergeStrategies::decode)
                .orElse(MergeStrategies.DEFAULT);
    }

    @Override
    public MergeStrategies setStrategies(Caller caller, MergeStrategies strategies) {
        Scopes.requireAll(caller);
        List<FieldError> errors = new ArrayList<>();
        strategies.overrides().forEach((name, strategy) -> {
            if (name == null || !AttributeRules.NAME.matcher(name).matches()) {
                errors.add(FieldError.of("attributes." + name, "is not an attribute name (a letter, then letters, digits, _ . -; ≤64)"));
            } else if (strategy == null) {
                errors.add(FieldError.of("attributes." + name, "needs a strategy"));
            }
        });
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        store.settings().put(IdentityRepository.STRATEGIES_SETTING, strategies.encode());
        return strategies;
    }
}
