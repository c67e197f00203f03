package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.policy.SubscriptionGrants;
import io.siyu.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Subscription grants in their own table, one row per acceptance, so counts are exact (schema 19). */
@Component(service = SubscriptionGrants.class)
public final class SubscriptionGrantsImpl implements SubscriptionGrants {
    static final int MAX_SCOPE = 64;
    static final int MAX_TEMPLATE = 128;
    static final int MAX_SOURCE = 200;

    private final Store store;

    @Activate
    public SubscriptionGrantsImpl(@Reference Store store) {
        this.store = store;
    }

    @Override
    public boolean grant(long customerId, String scope, String templateId, String sourceId, Instant at) {
        check(scope, templateId);
        if (sourceId == null || sourceId.isBlank() || sourceId.length() > MAX_SOURCE || at == null) {
            throw new ValidationException(FieldError.of("sourceId", "is required, at most " + MAX_SOURCE
                    + " characters, with the time of the acceptance"));
        }
        return store.subscriptionGrants().grant(customerId, scope, templateId, sourceId, at);
    }

    @Override
    public int available(long customerId, String scope, String templateId) {
        return store.subscriptionGrants().available(customerId, scope, templateId);
    }

    @Override
    public boolean consume(long customerId, String scope, String templateId, String usedBy, Instant at) {
        return store.subscriptionGrants().consume(customerId, scope, templateId, usedBy, at);
    }

    @Override
    public int revokeAll(long customerId, String scope, String templateId, String why, Instant at) {
        return store.subscriptionGrants().revokeAll(customerId, scope, templateId, why, at);
    }

    private static void check(String scope, String templateId) {
        List<FieldError> errors = new ArrayList<>();
        if (scope == null || scope.isBlank() || scope.length() > MAX_SCOPE) {
            errors.add(FieldError.of("scope", "is the mini program's AppID, 1 to " + MAX_SCOPE + " characters"));
        }
        if (templateId == null || templateId.isBlank() || templateId.length() > MAX_TEMPLATE) {
            errors.add(FieldError.of("templateId", "is required, at most " + MAX_TEMPLATE + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
