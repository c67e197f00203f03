package io.siyu.api.content;

import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.SmsText;
import java.util.List;
import java.util.Objects;

/** What a content version says: a channel message where one fits, an SMS template, or a script. */
public sealed interface ContentBody {

    /** Texts, e-mails, articles and moments, exactly as the outbox will carry them. */
    record Message(MessageContent content) implements ContentBody {
        public Message {
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * A provider SMS template as registered with Tencent Cloud or Aliyun, and its text, so it can be
     * reviewed and measured before the provider sees it.
     *
     * @param provider {@code sms-tencent}, {@code sms-aliyun}, or another SMS channel type
     * @param templateId the provider's template id (Tencent) or code (Aliyun)
     * @param text the template text with its placeholders ({@code {1}} or {@code ${code}})
     * @param parameterNames the placeholders' names in order ("1", "2"… for Tencent)
     * @param signName the signature the provider puts in front (【signName】); may be null
     */
    record SmsTemplate(String provider, String templateId, String text, List<String> parameterNames, String signName)
            implements ContentBody {
        public SmsTemplate {
            Checks.text(provider, "content.provider");
            Checks.text(templateId, "content.templateId");
            Checks.text(text, "content.text");
            parameterNames = parameterNames == null ? List.of() : List.copyOf(parameterNames);
            signName = signName == null || signName.isBlank() ? null : signName.strip();
        }

        /**
         * Length and parts with the signature, placeholders counted as written (the values change
         * it); mainland carriers count every character, 70 in one SMS and 67 per part beyond.
         */
        public SmsText length() {
            return SmsText.signed(signName, text);
        }
    }

    /** 话术: what staff say or paste themselves. */
    record Script(String text) implements ContentBody {
        public Script {
            Checks.text(text, "content.text");
        }
    }
}
