package io.siyu.api.event;

import io.siyu.api.FieldError;
import java.util.List;

/**
 * The outcome of one ingestion batch. Ingestion is all or nothing: when {@code errors} is not
 * empty nothing was stored and every count is zero.
 *
 * @param accepted events stored now
 * @param duplicates events skipped because an event with the same id was already stored
 * @param createdCustomers customers (or anonymous profiles) created for identities seen first
 * @param errors every problem found, with paths such as {@code events[12].occurredAt}
 */
public record IngestResult(int accepted, int duplicates, int createdCustomers, List<FieldError> errors) {
    public IngestResult {
        if (accepted < 0 || duplicates < 0 || createdCustomers < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (createdCustomers > accepted) {
            throw new IllegalArgumentException("customers are only created for accepted events");
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
        if (!errors.isEmpty() && accepted + duplicates + createdCustomers > 0) {
            throw new IllegalArgumentException("a batch with errors stores nothing");
        }
    }

    public static IngestResult rejected(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a rejected batch names its errors");
        }
        return new IngestResult(0, 0, 0, errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
