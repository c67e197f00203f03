package io.siyu.api.policy;

import io.siyu.api.ConflictException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The touch policy blocked a message: each blocked recipient (or group chat) with the decision,
 * which names the rule and, where waiting helps, when the touch becomes allowed.
 *
 * @since 1.3
 */
public class TouchBlockedException extends ConflictException {
    private static final long serialVersionUID = 1L;

    /** @param target the message field of what was blocked, e.g. {@code recipients[2]} or {@code groupChatIds[0]} */
    public record Blocked(String target, Long customerId, PolicyDecision decision) {
        public Blocked {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(decision, "decision");
            if (decision.allowed()) {
                throw new IllegalArgumentException("an allowed touch is not blocked");
            }
        }
    }

    private final transient List<Blocked> blocked;

    public TouchBlockedException(List<Blocked> blocked) {
        super(describe(blocked));
        this.blocked = List.copyOf(blocked);
    }

    public List<Blocked> blocked() {
        return blocked;
    }

    private static String describe(List<Blocked> blocked) {
        if (blocked.isEmpty()) {
            throw new IllegalArgumentException("nothing was blocked");
        }
        return "the touch policy blocks " + blocked.size() + " of the message's targets: " + blocked.stream().limit(3)
                .map(b -> b.target() + " (" + b.decision().ruleId() + ")").collect(Collectors.joining(", "))
                + (blocked.size() > 3 ? ", …" : "") + "; nothing was queued";
    }
}
