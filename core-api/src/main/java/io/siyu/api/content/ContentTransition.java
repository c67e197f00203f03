package io.siyu.api.content;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded state change of a content version: who moved it, when, and why.
 *
 * @param from null when the version was created
 */
public record ContentTransition(long contentId, int version, ContentState from, ContentState to, String actor,
        Instant at, String reason) {
    public ContentTransition {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
    }
}
