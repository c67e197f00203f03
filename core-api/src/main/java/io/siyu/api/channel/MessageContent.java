package io.siyu.api.channel;

import java.util.List;
import java.util.Map;

/** What a message says, already personalised for its recipients. */
public sealed interface MessageContent {

    /** Free text with attachments (WeCom allows up to 9); the text may be empty when there are attachments. */
    record Text(String text, List<Attachment> attachments) implements MessageContent {
        public Text {
            text = text == null ? "" : text;
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
            if (text.isBlank() && attachments.isEmpty()) {
                throw new IllegalArgumentException("a message needs text or an attachment");
            }
        }

        public static Text of(String text) {
            return new Text(text, List.of());
        }
    }

    /**
     * A provider template filled with data: official-account template messages, mini-program
     * subscribe messages, SMS templates (whose positional parameters use keys "1", "2", …).
     * {@code url} and {@code miniProgram} are where a tap leads; both may be null.
     */
    record Template(String templateId, Map<String, String> data, String url, Attachment.MiniProgram miniProgram)
            implements MessageContent {
        public Template {
            Strings.requireText(templateId, "templateId");
            data = data == null ? Map.of() : Map.copyOf(data);
        }
    }

    /**
     * An approved SMS template of the content library, by its content id, with the values of its
     * parameters by name. The core turns it into the provider's {@link Template} for the channel
     * account (provider template id, parameters in order, signature) before the outbox stores the
     * message, so adapters never receive one; SMS sends take only this form.
     *
     * @since 1.4
     */
    record LibraryTemplate(long contentId, Map<String, String> params) implements MessageContent {
        public LibraryTemplate {
            if (contentId <= 0) {
                throw new IllegalArgumentException("contentId must be positive");
            }
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /**
     * An e-mail: a subject and an HTML body, a plain-text body, or both (sent as
     * multipart/alternative). The adapter fills in the recipient's placeholders ({@code {name}},
     * {@code {remark}}, {@code {unsubscribeUrl}}: see docs/channels.md), since one stored message
     * goes to many recipients.
     *
     * @param html null when there is only text
     * @param text null when there is only HTML (the adapter derives a text part from it)
     * @since 1.2
     */
    record Email(String subject, String html, String text) implements MessageContent {
        public Email {
            Strings.requireText(subject, "subject");
            html = html == null || html.isBlank() ? null : html;
            text = text == null || text.isBlank() ? null : text;
            if (html == null && text == null) {
                throw new IllegalArgumentException("an e-mail needs an HTML or a text body");
            }
        }
    }
}
