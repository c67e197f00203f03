package io.siyu.api.org;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Moving customers and group chats from one staff member to another (客户继承). WeCom takes at most
 * {@value #MAX_PER_CALL} of each per call, completes after 24 hours, and lets a customer be moved
 * in service at most twice in 90 days (the service refuses that per customer).
 *
 * @param message the text WeCom shows the customer on an in-service transfer; null for default,
 *        and not allowed on {@link Kind#RESIGNED}, where WeCom sends none
 */
public record HandoverRequest(Kind kind, String fromStaffId, String toStaffId, List<Long> customerIds,
        List<String> groupChatIds, String message) {
    public static final int MAX_PER_CALL = 100;

    public enum Kind {
        /** 在职继承: the previous staff member still works here; the customer may refuse. */
        IN_SERVICE,
        /** 离职继承: the previous staff member has left. */
        RESIGNED
    }

    public HandoverRequest {
        Objects.requireNonNull(kind, "kind");
        Checks.text(fromStaffId, "fromStaffId");
        Checks.text(toStaffId, "toStaffId");
        Checks.require(!fromStaffId.equals(toStaffId), "toStaffId", "must differ from fromStaffId");
        customerIds = customerIds == null ? List.of() : List.copyOf(customerIds);
        groupChatIds = groupChatIds == null ? List.of() : List.copyOf(groupChatIds);
        Checks.require(!customerIds.isEmpty() || !groupChatIds.isEmpty(), "customerIds",
                "name at least one customer or group chat");
        Checks.require(customerIds.size() <= MAX_PER_CALL, "customerIds", "at most " + MAX_PER_CALL + " per call");
        Checks.require(groupChatIds.size() <= MAX_PER_CALL, "groupChatIds", "at most " + MAX_PER_CALL + " per call");
        Checks.require(new HashSet<>(customerIds).size() == customerIds.size(), "customerIds", "must not repeat");
        Checks.require(new HashSet<>(groupChatIds).size() == groupChatIds.size(), "groupChatIds", "must not repeat");
        Checks.require(kind == Kind.IN_SERVICE || message == null, "message",
                "WeCom sends no message on a resigned handover");
    }
}
