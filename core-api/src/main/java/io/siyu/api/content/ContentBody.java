package io.siyu.api.content;

import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.SmsText;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** What a content version says: a channel message where one fits, an SMS template, or a script. */
public sealed interface ContentBody {

    /** Texts, e-mails, articles and moments, exactly as the outbox will carry them. */
    record Message(MessageContent content) implements ContentBody {
        public Message {
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * An SMS template as the providers approved it, reviewed once here and used by its content id:
     * its text, the provider's template id per SMS account, the signature and the parameter names.
     * One approved template (same text and signature) may be registered with several providers or
     * accounts; each registration is one entry of {@code providerTemplates}.
     *
     * @param text the template text with its placeholders, {@code {name}} or {@code ${name}}
     * @param parameterNames the placeholders' names in the order Tencent Cloud numbers them
     *        ({@code {1}}, {@code {2}}… are named "1", "2"…); Aliyun receives them by name
     * @param signName the signature (签名) the provider puts in front (【signName】); null for the
     *        account's configured one
     * @param providerTemplates channel {@code type/account} (one account) or {@code type} (every
     *        account of that type) → the provider's template id (Tencent TemplateId, Aliyun TemplateCode)
     * @since 2.0
     */
    record SmsTemplate(String text, List<String> parameterNames, String signName,
            Map<String, String> providerTemplates) implements ContentBody {
        public SmsTemplate {
            Checks.text(text, "content.text");
            parameterNames = parameterNames == null ? List.of() : List.copyOf(parameterNames);
            signName = signName == null || signName.isBlank() ? null : signName.strip();
            providerTemplates = providerTemplates == null ? Map.of()
                    : Collections.unmodifiableMap(new TreeMap<>(providerTemplates));
        }

        /** The provider's template for one account: registered for the account, else for its type. */
        public Optional<String> providerTemplateId(String channelType, String channelAccount) {
            String id = providerTemplates.get(channelType + "/" + channelAccount);
            return Optional.ofNullable(id != null ? id : providerTemplates.get(channelType));
        }

        /**
         * Length and parts with the signature, placeholders counted as written (the values change
         * it); mainland carriers count every character, 70 in one SMS and 67 per part beyond.
         */
        public SmsText length() {
            return SmsText.signed(signName, text);
        }

        /**
         * The text as recipients read it, with the signature: {@code values} by parameter name.
         *
         * @throws IllegalArgumentException naming a placeholder without a value
         */
        public SmsText rendered(Map<String, String> values) {
            return SmsText.signed(signName, SmsText.render(text, values));
        }
    }

    /** 话术: what staff say or paste themselves. */
    record Script(String text) implements ContentBody {
        public Script {
            Checks.text(text, "content.text");
        }
    }
}
