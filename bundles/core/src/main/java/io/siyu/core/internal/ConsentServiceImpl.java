package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentService;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = ConsentService.class)
public final class ConsentServiceImpl implements ConsentService {
    /** Channel types as adapters name them: wecom, wechat-oa, sms, email, miniprogram… */
    static final Pattern CHANNEL_TYPE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    static final int MAX_SOURCE = 200;
    static final Duration MAX_FUTURE = Duration.ofDays(1);

    private final Store store;
    private final io.siyu.core.internal.org.DataScopes scopes;
    private final Clock clock;

    @Activate
    public ConsentServiceImpl(@Reference Store store) {
        this(store, Clock.systemUTC());
    }

    ConsentServiceImpl(Store store, Clock clock) {
        this.store = store;
        this.scopes = new io.siyu.core.internal.org.DataScopes(store);
        this.clock = clock;
    }

    @Override
    public Consent record(Caller caller, Consent consent) {
        scopes.requireCustomer(caller, store.identities().resolve(consent.customerId()).orElse(consent.customerId()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<FieldError> errors = new ArrayList<>();
        if (!CHANNEL_TYPE.matcher(consent.channelType()).matches()) {
            errors.add(FieldError.of("channelType", "'" + consent.channelType() + "' is not a channel type (e.g. sms, wecom, wechat-oa)"));
        }
        if (consent.source().length() > MAX_SOURCE) {
            errors.add(FieldError.of("source", "must be at most " + MAX_SOURCE + " characters"));
        }
        if (consent.changedAt().isAfter(now.plus(MAX_FUTURE))) {
            errors.add(FieldError.of("changedAt", "is more than a day in the future"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Consent normalised = new Consent(consent.customerId(), consent.channelType(), consent.state(),
                consent.changedAt().truncatedTo(ChronoUnit.MILLIS), consent.source().strip());
        return store.consents().record(normalised, now)
                .orElseThrow(() -> new NotFoundException("customer", consent.customerId()));
    }

    @Override
    public List<Consent> consents(Caller caller, long customerId) {
        long live = store.identities().resolve(customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
        scopes.requireCustomer(caller, live);
        return store.consents().current(live);
    }
}
