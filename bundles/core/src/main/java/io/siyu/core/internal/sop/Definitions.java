package io.siyu.core.internal.sop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.sop.SopCodec;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopDraft;
import io.siyu.api.sop.SopStep;
import io.siyu.api.sop.SopTrigger;
import io.siyu.store.SopRepository;
import io.siyu.store.StoredSop;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SOP versions parsed from their stored JSON. Versions never change, so each is parsed once per
 * node and kept.
 */
final class Definitions {
    /** A parsed version and its step tree. */
    record Version(long sopId, int version, SopDraft draft, StepTree tree) {
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final SopRepository repository;
    private final Map<Long, Map<Integer, Version>> versions = new ConcurrentHashMap<>();

    Definitions(SopRepository repository) {
        this.repository = repository;
    }

    /** Empty if no such version is stored. */
    Optional<Version> version(long sopId, int version) {
        Version v = versions.computeIfAbsent(sopId, k -> new ConcurrentHashMap<>()).get(version);
        if (v != null) {
            return Optional.of(v);
        }
        return repository.find(sopId, version).map(this::parse);
    }

    Version parse(StoredSop s) {
        Map<Integer, Version> of = versions.computeIfAbsent(s.id(), k -> new ConcurrentHashMap<>());
        Version known = of.get(s.version());
        if (known != null) {
            return known;
        }
        SopDraft draft = read(s.definitionJson());
        Version v = new Version(s.id(), s.version(), draft, new StepTree(draft.steps()));
        of.put(s.version(), v);
        return v;
    }

    static SopDefinition toApi(StoredSop s, SopDraft draft) {
        return new SopDefinition(s.id(), s.version(), draft.name(), draft.trigger(), draft.steps(), s.state());
    }

    static SopDraft read(String json) {
        try {
            return SopCodec.fromTree(JSON.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored SOP definition is not JSON", e);
        }
    }

    static String write(SopDraft draft) {
        try {
            return JSON.writeValueAsString(SopCodec.toTree(draft));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an SOP's latest version triggers on, as stored for look-ups: kind and key. */
    static String[] triggerKey(SopTrigger trigger) {
        if (trigger instanceof SopTrigger.Event e) {
            return new String[] {"event", e.eventType()};
        }
        if (trigger instanceof SopTrigger.SegmentEntered s) {
            return new String[] {"segmentEntered", Long.toString(s.segmentId())};
        }
        if (trigger instanceof SopTrigger.DateAttribute) {
            return new String[] {"dateAttribute", null};
        }
        return new String[] {"schedule", null};
    }

    /** The event types {@code waitForEvent} steps of this version wait for. */
    static Set<String> awaitedTypes(Version v) {
        Set<String> out = new HashSet<>();
        for (SopStep s : v.tree().all()) {
            if (s instanceof SopStep.WaitForEvent w) {
                out.add(w.eventType());
            }
        }
        return out;
    }
}
