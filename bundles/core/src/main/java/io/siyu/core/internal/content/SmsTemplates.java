package io.siyu.core.internal.content;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentService;
import io.siyu.api.org.Caller;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SMS sends use approved SMS templates of the content library by content id: this turns such a
 * reference into what the provider takes for one channel account (its template id, the parameters
 * in order for Tencent Cloud or by name for Aliyun, the template's signature). A send that names a
 * provider template directly is refused, so every SMS text went through review.
 */
public final class SmsTemplates {
    /** Outbound message option carrying the template's signature: {@code <type>.signName}. */
    public static final String SIGN_NAME_OPTION = ".signName";
    /** Tencent Cloud numbers template parameters ({1}, {2}…) and takes them as a list. */
    private static final String POSITIONAL_TYPE = "sms-tencent";

    private SmsTemplates() {
    }

    /** SMS channel types are named {@code sms-<provider>}. */
    public static boolean isSms(String channelType) {
        return channelType != null && channelType.startsWith("sms-");
    }

    /** A resolved library template: what the adapter sends, and the signature to send it with. */
    public record Resolved(MessageContent.Template template, String signName) {
    }

    /**
     * Checks that {@code content} may go to the channel: SMS content is a library template that
     * resolves ({@link #resolve}); library templates go to SMS channels only.
     *
     * @param field the request field the content came in, e.g. {@code content} or {@code template}
     * @return the resolved template, or null for content that is not a library template
     */
    public static Resolved check(ContentService contents, Caller caller, String channelType, String channelAccount,
            MessageContent content, String field) {
        if (!requireShape(channelType, content, field)) {
            return null;
        }
        return resolve(contents, caller, channelType, channelAccount, (MessageContent.LibraryTemplate) content, field);
    }

    /**
     * The part of {@link #check} that needs no library: SMS content is a library reference and a
     * library reference goes to SMS. An SOP draft is held to it before its templates are approved.
     *
     * @return whether the content is a library reference
     */
    public static boolean requireShape(String channelType, MessageContent content, String field) {
        boolean library = content instanceof MessageContent.LibraryTemplate;
        if (isSms(channelType) && !library) {
            throw new ValidationException(FieldError.of(field + ".contentId", "SMS sends use an approved SMS template "
                    + "of the content library: give its content id and parameter values, not a provider template"));
        }
        if (library && !isSms(channelType)) {
            throw new ValidationException(FieldError.of(field + ".contentId", "content-library templates are SMS "
                    + "templates; " + channelType + " is not an SMS channel"));
        }
        return library;
    }

    /**
     * The provider template for one account from the approved version of the referenced item.
     *
     * @throws ValidationException naming {@code field.contentId} (missing, not an SMS template, not
     *         approved, no provider template for the account) or {@code field.data.<name>}
     * @throws UnavailableException while the content library is not running
     */
    public static Resolved resolve(ContentService contents, Caller caller, String channelType, String channelAccount,
            MessageContent.LibraryTemplate ref, String field) {
        if (contents == null) {
            throw new UnavailableException("the content library is not running; SMS templates cannot be read");
        }
        String idField = field + ".contentId";
        ContentItem item;
        try {
            item = contents.get(caller, ref.contentId());
        } catch (NotFoundException e) {
            throw new ValidationException(FieldError.of(idField, "no content item " + ref.contentId()));
        }
        if (item.kind() != ContentKind.SMS_TEMPLATE) {
            throw new ValidationException(FieldError.of(idField, "content " + ref.contentId() + " is "
                    + item.kind().name().toLowerCase(Locale.ROOT) + ", not an SMS template"));
        }
        if (item.approved() == null) {
            throw new ValidationException(FieldError.of(idField, "content " + ref.contentId() + " has no approved "
                    + "version (its latest is " + item.state().name().toLowerCase(Locale.ROOT)
                    + "): only approved SMS templates are sent"));
        }
        ContentBody.SmsTemplate sms = (ContentBody.SmsTemplate) item.approved().body();
        String key = channelType + "/" + channelAccount;
        String providerId = sms.providerTemplateId(channelType, channelAccount).orElseThrow(() ->
                new ValidationException(FieldError.of(idField, "content " + ref.contentId() + " has no provider "
                        + "template for " + key + " (it has " + sms.providerTemplates().keySet() + ")")));
        List<FieldError> errors = new ArrayList<>();
        for (String name : sms.parameterNames()) {
            String value = ref.params().get(name);
            if (value == null || value.isEmpty()) {
                errors.add(FieldError.of(field + ".data." + name, "is a parameter of the template: give its value"));
            }
        }
        ref.params().keySet().stream().filter(k -> !sms.parameterNames().contains(k)).sorted().forEach(k -> errors.add(
                FieldError.of(field + ".data." + k, "is not a parameter of the template " + sms.parameterNames())));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Map<String, String> data = new LinkedHashMap<>();
        List<String> names = sms.parameterNames();
        for (int i = 0; i < names.size(); i++) {
            data.put(POSITIONAL_TYPE.equals(channelType) ? String.valueOf(i + 1) : names.get(i),
                    ref.params().get(names.get(i)));
        }
        return new Resolved(new MessageContent.Template(providerId, data, null, null), sms.signName());
    }

    /** The message as the outbox stores it: the provider template in place of the reference, the signature as an option. */
    public static OutboundMessage resolved(OutboundMessage m, Resolved r) {
        Map<String, String> options = new HashMap<>(m.options());
        if (r.signName() != null) {
            options.put(m.channelType() + SIGN_NAME_OPTION, r.signName());
        }
        return new OutboundMessage(m.idempotencyKey(), m.channelType(), m.channelAccount(), m.kind(), m.recipients(),
                m.groupChatIds(), r.template(), m.scenario(), m.senderStaffId(), options);
    }
}
