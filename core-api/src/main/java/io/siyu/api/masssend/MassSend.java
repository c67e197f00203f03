package io.siyu.api.masssend;

import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import java.time.Instant;

/**
 * @param acceptedPlan the plan the operator accepted; null while a draft
 * @param followUpOf the mass send whose blocked part this one sends later; null otherwise
 */
public record MassSend(long id, String name, Audience audience, String channelType, String channelAccount,
        MessageKind kind, MessageContent content, Instant scheduledAt, MassSendState state,
        MassSendPlan acceptedPlan, Long followUpOf, String createdBy, Instant createdAt, int version) {
}
