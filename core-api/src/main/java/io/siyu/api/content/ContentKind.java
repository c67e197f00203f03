package io.siyu.api.content;

/** What a piece of content is for; it decides which {@link ContentBody} it carries. */
public enum ContentKind {
    /** A 1:1 or mass text with attachments: {@link ContentBody.Message} with {@code MessageContent.Text}. */
    TEXT,
    /** A provider SMS template: {@link ContentBody.SmsTemplate}. */
    SMS_TEMPLATE,
    /** {@link ContentBody.Message} with {@code MessageContent.Email}. */
    EMAIL,
    /** An article or link card: {@link ContentBody.Message} with a text carrying at least one link attachment. */
    ARTICLE,
    /** 话术: what staff say, never sent as is: {@link ContentBody.Script}. */
    SCRIPT,
    /** A moments (朋友圈) post: {@link ContentBody.Message} with {@code MessageContent.Text}. */
    MOMENT
}
