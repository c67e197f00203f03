package io.siyu.api.channel;

import io.siyu.api.org.Caller;
import java.util.List;

/**
 * What operators do on a channel account besides messages, checked once here and passed to the
 * adapter's facets: customer group chats, moments, and handing contacts over between staff members
 * at the provider (the org model's own handover, with Siyu customer ids, builds on this later).
 * {@code channel} is "type/account" of a running channel; bad input is a
 * {@link io.siyu.api.ValidationException} naming the field, provider refusals
 * {@link ChannelCallException}s.
 */
public interface ChannelOperations {
    /** Every group chat (all pages), with members. @param status null for all */
    List<GroupChats.GroupChat> groupChats(Caller caller, String channel, Integer status, List<String> ownerUserIds);

    /** Checks the moment against the provider's limits and creates the task; returns its job id. */
    default String postMoment(Caller caller, String channel, Moments.Moment moment) {
        return postMoment(caller, channel, moment, false);
    }

    /**
     * Like {@link #postMoment(Caller, String, Moments.Moment)}, also checked against the touch
     * policy's moments rules for each sender, with {@code persona} marking persona (IP) content.
     *
     * @throws io.siyu.api.ConflictException when the moments rules block the post
     * @since 1.2
     */
    String postMoment(Caller caller, String channel, Moments.Moment moment, boolean persona);

    Moments.TaskResult momentResult(Caller caller, String channel, String jobId);

    /**
     * Hands contacts over, {@value CustomerTransfers#MAX_PER_CALL} per provider call.
     *
     * @return one outcome per contact, in the order given
     */
    List<CustomerTransfers.Outcome> handover(Caller caller, String channel, Handover handover);

    /** In-service and resigned transfers between the two staff members. */
    List<TransferStatus> handoverResults(Caller caller, String channel, String handoverUserId, String takeoverUserId);

    /** @param message shown to the customer on an in-service handover; not allowed when {@code resigned} */
    record Handover(String handoverUserId, String takeoverUserId, List<String> externalUserIds, boolean resigned,
            String message) {
        public Handover {
            externalUserIds = externalUserIds == null ? List.of() : List.copyOf(externalUserIds);
        }
    }

    record TransferStatus(boolean resigned, CustomerTransfers.Status status) {
    }
}
