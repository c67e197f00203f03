package io.siyu.api.org;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Where a handover stands, per customer and per group chat; re-read it until {@link #finished()}. */
public record HandoverResult(long id, HandoverRequest.Kind kind, String fromStaffId, String toStaffId,
        Instant requestedAt, List<CustomerOutcome> customers, List<GroupOutcome> groups) {

    /** WeCom's transfer results, plus FAILED for a customer refused before reaching WeCom. */
    public enum Status {
        /** Accepted, the takeover completes after 24 hours unless the customer refuses. */
        WAITING,
        DONE,
        /** The customer refused (in-service only). */
        REFUSED,
        /** The taking staff member has reached their customer limit. */
        TAKER_FULL,
        /** WeCom has no record of the relationship. */
        NO_RECORD,
        /** Refused by Siyu or WeCom up front, e.g. already moved twice in 90 days; see the reason. */
        FAILED;

        public boolean isFinal() {
            return this != WAITING;
        }
    }

    /** @param reason why it did not go through; required for FAILED */
    public record CustomerOutcome(long customerId, Status status, String reason) {
        public CustomerOutcome {
            Objects.requireNonNull(status, "status");
            if (status == Status.FAILED && (reason == null || reason.isBlank())) {
                throw new IllegalArgumentException("a failed handover says why");
            }
        }
    }

    /** @param reason why it did not go through; required for FAILED */
    public record GroupOutcome(String groupChatId, Status status, String reason) {
        public GroupOutcome {
            Objects.requireNonNull(groupChatId, "groupChatId");
            Objects.requireNonNull(status, "status");
            if (status == Status.FAILED && (reason == null || reason.isBlank())) {
                throw new IllegalArgumentException("a failed handover says why");
            }
        }
    }

    public HandoverResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fromStaffId, "fromStaffId");
        Objects.requireNonNull(toStaffId, "toStaffId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        customers = List.copyOf(customers);
        groups = List.copyOf(groups);
    }

    public boolean finished() {
        return customers.stream().allMatch(c -> c.status().isFinal())
                && groups.stream().allMatch(g -> g.status().isFinal());
    }
}
