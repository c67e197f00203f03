package io.siyu.core.internal.edition;

import io.siyu.api.FieldError;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.OperatingModel;
import io.siyu.store.SettingRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The operating model each edition runs under, stored as a setting so every node applies the same
 * one. Roles are resolved on every permission check, so the stored choice is read at most every few
 * seconds: another node's switch shows here within {@link #TTL}, this node's own at once. Without a
 * store (or with a stored model the edition no longer declares) the edition's default applies.
 */
final class OperatingModels {
    static final Duration TTL = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(OperatingModels.class.getName());

    private record Cached(String model, Instant at) {
    }

    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile SettingRepository settings;

    OperatingModels(Clock clock) {
        this.clock = clock;
    }

    static String settingName(String editionId) {
        return "edition." + editionId + ".operating-model";
    }

    /** The store's settings, or null while there is no store. */
    void use(SettingRepository repository) {
        settings = repository;
        cache.clear();
    }

    /** The id of the model in force, or null if the edition has none. */
    String current(EditionContent edition) {
        if (edition.operatingModels().isEmpty()) {
            return null;
        }
        String stored = stored(edition.editionId());
        return stored != null && edition.operatingModel(stored).isPresent() ? stored : edition.defaultOperatingModel();
    }

    OperatingModel switchTo(EditionContent edition, String model) {
        if (edition.operatingModels().isEmpty()) {
            throw new ValidationException(FieldError.of("model", "edition " + edition.editionId()
                    + " has no operating models"));
        }
        OperatingModel chosen = edition.operatingModel(model == null ? "" : model.strip()).orElseThrow(() ->
                new ValidationException(FieldError.of("model", "'" + model + "' is not an operating model of edition "
                        + edition.editionId() + ": one of " + edition.operatingModels().stream().map(OperatingModel::id)
                        .collect(Collectors.joining(", ")))));
        SettingRepository s = settings;
        if (s == null) {
            throw new UnavailableException("no store is running: the operating model is stored for every node");
        }
        s.put(settingName(edition.editionId()), chosen.id());
        cache.put(edition.editionId(), new Cached(chosen.id(), clock.instant()));
        return chosen;
    }

    private String stored(String editionId) {
        Instant now = clock.instant();
        Cached c = cache.get(editionId);
        if (c != null && now.isBefore(c.at().plus(TTL))) {
            return c.model();
        }
        SettingRepository s = settings;
        if (s == null) {
            return null;
        }
        try {
            String model = s.get(settingName(editionId)).orElse(null);
            cache.put(editionId, new Cached(model, now));
            return model;
        } catch (RuntimeException e) {
            // the database is away: keep answering with what was last read rather than failing every permission check
            LOG.log(Level.FINE, "operating model of " + editionId + " could not be read", e);
            return c == null ? null : c.model();
        }
    }
}
