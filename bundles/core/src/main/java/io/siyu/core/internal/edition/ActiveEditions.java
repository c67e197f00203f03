package io.siyu.core.internal.edition;

import io.siyu.api.edition.EditionContent;
import java.util.function.Consumer;

/**
 * The content of active editions as they start, for core components that act on it (the tag
 * taxonomy). Internal to core: provided by {@link EditionTracker}.
 */
public interface ActiveEditions {
    /**
     * Calls {@code started} for every edition active now and for each one that starts later, until
     * the returned handle is closed. Calls come from the thread that started the bundle: keep them short.
     */
    AutoCloseable watch(Consumer<EditionContent> started);
}
