package io.siyu.core.internal.content;

import io.siyu.api.channel.MessageContent;
import io.siyu.api.org.Caller;

/**
 * Whether outbound content may be used as it is. Where an active edition requires review before use
 * (the bank), content must be the approved version of an item in the content library that the
 * caller can see; elsewhere anything the other checks let through goes. SMS content is always an
 * approved SMS template of the library, by id ({@link SmsTemplates}).
 */
public interface OutboundReview {
    OutboundReview NONE = (caller, channelType, channelAccount, content, field) -> {
    };

    /**
     * @param field what a refusal names, e.g. {@code content}
     * @throws io.siyu.api.ValidationException naming the field when review is required and this content
     *         is not approved, or when SMS content is not an approved library template for the channel
     */
    void requireReviewed(Caller caller, String channelType, String channelAccount, MessageContent content,
            String field);
}
