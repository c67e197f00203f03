package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagService;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = TagService.class)
public final class TagServiceImpl implements TagService {
    /** WeCom's corp tag limit; keeping to it lets every tag sync both ways. */
    static final int MAX_NAME = 30;

    private final Store store;
    private final Clock clock;

    @Activate
    public TagServiceImpl(@Reference Store store) {
        this(store, Clock.systemUTC());
    }

    TagServiceImpl(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Millisecond precision: what every supported database stores, so reads equal writes. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Tag create(TagDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        String group = checkName("group", draft.group(), errors);
        String name = checkName("name", draft.name(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return store.tags().insert(new TagDraft(group, name, draft.kind()), now());
    }

    private static String checkName(String field, String value, List<FieldError> errors) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            errors.add(FieldError.of(field, "must not be empty"));
        } else if (v.length() > MAX_NAME) {
            errors.add(FieldError.of(field, "must be at most " + MAX_NAME + " characters (WeCom's limit)"));
        }
        return v;
    }

    @Override
    public List<Tag> list() {
        return store.tags().list();
    }

    @Override
    public Tag get(long id) {
        return store.tags().find(id).orElseThrow(() -> new NotFoundException("tag", id));
    }

    @Override
    public void delete(long id) {
        if (!store.tags().delete(id, now())) {
            throw new NotFoundException("tag", id);
        }
    }
}
