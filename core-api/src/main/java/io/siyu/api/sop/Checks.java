package io.siyu.api.sop;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Input checks for SOP definitions; they arrive from REST and edition templates, so failures name the field. */
final class Checks {
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Checks() {
    }

    static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new ValidationException(FieldError.of(field, message));
        }
    }

    static String text(String value, String field) {
        require(value != null && !value.isBlank(), field, "is required");
        return value;
    }

    static String stepId(String id) {
        require(id != null && STEP_ID.matcher(id).matches(), "id", "step ids are 1-64 letters, digits, - or _: " + id);
        return id;
    }

    /** Step ids name a step for ever within a version (idempotency is per instance and step), so they are unique across branches. */
    static List<SopStep> steps(List<SopStep> steps, String field) {
        List<SopStep> copy = List.copyOf(steps);
        collectIds(copy, new HashSet<>(), field);
        return copy;
    }

    /** A branch's own id and every id on both of its sides, checked as one subtree. */
    static void branchIds(String id, List<SopStep> then, List<SopStep> otherwise) {
        Set<String> seen = new HashSet<>();
        seen.add(id);
        collectIds(then, seen, "then");
        collectIds(otherwise, seen, "otherwise");
    }

    private static void collectIds(List<SopStep> steps, Set<String> seen, String field) {
        for (SopStep step : steps) {
            require(seen.add(step.id()), field, "step id used twice: " + step.id());
            if (step instanceof SopStep.Branch b) {
                collectIds(b.then(), seen, field);
                collectIds(b.otherwise(), seen, field);
            }
        }
    }
}
