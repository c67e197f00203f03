package io.siyu.core.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The attribute schema: built-in, then custom (stored), then edition attributes; when names
 * clash the earlier source wins, so an edition never changes the type of data operators already
 * defined. Custom definitions are read from the store on every call, never cached, so every node
 * of a cluster validates against the same schema.
 */
@Component(service = AttributeSchemaService.class)
public final class AttributeSchemaServiceImpl implements AttributeSchemaService {
    private static final Logger LOG = Logger.getLogger(AttributeSchemaServiceImpl.class.getName());

    private final Store store;
    private final EditionAttributes editions;
    private final Clock clock;

    @Activate
    public AttributeSchemaServiceImpl(@Reference Store store, @Reference EditionAttributes editions) {
        this(store, editions, Clock.systemUTC());
    }

    AttributeSchemaServiceImpl(Store store, EditionAttributes editions, Clock clock) {
        this.store = store;
        this.editions = editions;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The schema by name, in precedence order (built-in, custom, edition). */
    Map<String, AttributeDefinition> schema() {
        Map<String, AttributeDefinition> schema = new LinkedHashMap<>();
        BuiltInAttributes.ALL.forEach(d -> schema.put(d.name(), d));
        store.attributeDefinitions().list().forEach(d -> schema.putIfAbsent(d.name(), d));
        for (AttributeDefinition d : editions.definitions()) {
            AttributeDefinition winner = schema.putIfAbsent(d.name(), d);
            if (winner != null) {
                LOG.fine(() -> "attribute '" + d.name() + "' of " + d.origin() + " is shadowed by the " + winner.origin() + " one");
            }
        }
        return schema;
    }

    @Override
    public List<AttributeDefinition> list() {
        return schema().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    @Override
    public AttributeDefinition get(String name) {
        AttributeDefinition d = name == null ? null : schema().get(name);
        if (d == null) {
            throw new NotFoundException("attribute", name);
        }
        return d;
    }

    @Override
    public AttributeDefinition define(AttributeDraft draft) {
        AttributeDefinition d = AttributeRules.check(draft, AttributeOrigin.CUSTOM);
        AttributeDefinition existing = schema().get(d.name());
        if (existing != null) {
            throw new ConflictException("attribute '" + d.name() + "' is already defined (" + existing.origin() + ")");
        }
        return store.attributeDefinitions().insert(d, now());
    }

    @Override
    public AttributeDefinition update(String name, AttributeDraft draft) {
        AttributeDefinition current = requireCustom(name, "changed");
        if (draft.name() != null && !draft.name().strip().equals(name)) {
            throw new ValidationException(FieldError.of("name", "attributes cannot be renamed (define a new one instead)"));
        }
        AttributeDefinition d = AttributeRules.check(new AttributeDraft(current.name(), draft.label(), draft.type(),
                draft.allowedValues(), draft.description()), AttributeOrigin.CUSTOM);
        return store.attributeDefinitions().update(d, now()).orElseThrow(() -> new NotFoundException("attribute", name));
    }

    @Override
    public void delete(String name, boolean purgeValues) {
        requireCustom(name, "deleted");
        if (!store.attributeDefinitions().delete(name, purgeValues, now())) {
            throw new NotFoundException("attribute", name);
        }
    }

    private AttributeDefinition requireCustom(String name, String what) {
        AttributeDefinition d = get(name);
        if (!d.editable()) {
            throw new ValidationException(FieldError.of("name", "'" + name + "' is a " + d.origin()
                    + " attribute and cannot be " + what + "; only custom attributes can"));
        }
        return d;
    }
}
