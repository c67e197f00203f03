package io.siyu.api.edition;

import io.siyu.api.FieldError;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.org.Caller;
import java.util.List;

/**
 * Behaviour of an edition that cannot be declared as resources. Registered by the edition bundle as
 * a DS service with {@link #EDITION_PROPERTY} set to its edition id; every method has a neutral
 * default, so an edition implements only what it needs. Core calls the hooks of active editions
 * only, and a hook going away simply stops being called.
 */
public interface EditionHook {
    /** Service property: the id of the edition, as in its {@value EditionDescriptor#HEADER} header. */
    String EDITION_PROPERTY = "siyu.edition";

    /**
     * Reviews outbound content before it can be approved, e.g. the bank's mandatory risk
     * disclosure on wealth products. Declared rules (sensitive words) run separately.
     *
     * @return problems with paths into the content ({@code text}, {@code attachments[1].title}); empty if none
     */
    default List<FieldError> reviewContent(Caller caller, MessageContent content) {
        return List.of();
    }

    /** Fills an empty store with the edition's demo data ({@code siyu run --edition <id> --demo}). */
    default void loadDemoData(Caller caller) {
    }
}
