package io.siyu.api.masssend;

import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import java.time.Instant;

/**
 * A mass send to be planned. Text may be personalised with {@code {name}} (the customer's name as
 * the staff member sees it, 亲密群发); personalised sends go out one message per customer.
 *
 * @param kind {@link MessageKind#MASS} or {@link MessageKind#TEMPLATE}
 * @param scheduledAt when to send; null for as soon as the plan is accepted
 */
public record MassSendDraft(String name, Audience audience, String channelType, String channelAccount,
        MessageKind kind, MessageContent content, Instant scheduledAt) {
}
