package io.siyu.core.internal.content;

import io.siyu.api.FieldError;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.RiskDisclosure;
import io.siyu.api.edition.EditionHook;
import io.siyu.api.org.Caller;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What content must satisfy: its body fits its kind (any time it is written), and before review it
 * contains no sensitive word, carries every risk disclosure that applies and passes the active
 * editions' reviews. Problems point into the content: {@code content.text},
 * {@code content.attachments[0].title}.
 */
final class ContentChecks {
    /** SMS placeholders: Tencent Cloud's {@code {1}}, Aliyun's {@code ${code}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\{([A-Za-z0-9_.-]+)}");
    private static final Pattern SMS_CHANNEL = Pattern.compile("sms-[a-z0-9-]+(/[^/\\s]+)?");
    /** Tencent Cloud and Aliyun both take template texts of up to 500 characters. */
    static final int MAX_SMS_TEMPLATE = 500;
    static final int MAX_PROVIDER_ID = 64;
    static final int MAX_SIGN_NAME = 32;

    private ContentChecks() {
    }

    /** The body a kind needs, and SMS placeholders that match the declared parameters. */
    static List<FieldError> shape(ContentKind kind, ContentBody body) {
        List<FieldError> errors = new ArrayList<>();
        MessageContent message = body instanceof ContentBody.Message m ? m.content() : null;
        switch (kind) {
            case TEXT, MOMENT -> {
                if (!(message instanceof MessageContent.Text)) {
                    errors.add(FieldError.of("content", kind + " content is a text message (text and attachments)"));
                }
            }
            case ARTICLE -> {
                if (!(message instanceof MessageContent.Text t)
                        || t.attachments().stream().noneMatch(a -> a instanceof Attachment.Link)) {
                    errors.add(FieldError.of("content.attachments", "an article is a text with at least one link"));
                }
            }
            case EMAIL -> {
                if (!(message instanceof MessageContent.Email)) {
                    errors.add(FieldError.of("content", "EMAIL content is an e-mail (subject, html and/or text)"));
                }
            }
            case SMS_TEMPLATE -> {
                if (body instanceof ContentBody.SmsTemplate s) {
                    errors.addAll(sms(s));
                } else {
                    errors.add(FieldError.of("content", "SMS_TEMPLATE content is an SMS template"));
                }
            }
            case SCRIPT -> {
                if (!(body instanceof ContentBody.Script)) {
                    errors.add(FieldError.of("content", "SCRIPT content is a script text"));
                }
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        return errors;
    }

    /**
     * What the providers accept and a send needs: placeholders and parameter names match one to one,
     * at least one provider template, ids and signature within the providers' limits, and a text
     * that fits their 500-character template limit with its signature.
     */
    static List<FieldError> sms(ContentBody.SmsTemplate s) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(s.text());
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> declared = new LinkedHashSet<>(s.parameterNames());
        if (declared.size() != s.parameterNames().size()) {
            errors.add(FieldError.of("content.parameterNames", "names a parameter twice: " + s.parameterNames()));
        }
        used.stream().filter(p -> !declared.contains(p)).forEach(p -> errors.add(FieldError.of("content.text",
                "uses the placeholder {" + p + "}, which is not among the parameterNames " + s.parameterNames())));
        declared.stream().filter(p -> !used.contains(p)).forEach(p -> errors.add(FieldError.of(
                "content.parameterNames", "'" + p + "' does not appear in the text as {" + p + "} or ${" + p + "}")));
        if (s.providerTemplates().isEmpty()) {
            errors.add(FieldError.of("content.providerTemplates", "is required: the provider's template id per SMS"
                    + " account, e.g. {\"sms-tencent/main\":\"1234567\"} (or per type, {\"sms-aliyun\":\"SMS_1\"})"));
        }
        s.providerTemplates().forEach((channel, id) -> {
            if (!SMS_CHANNEL.matcher(channel).matches()) {
                errors.add(FieldError.of("content.providerTemplates", "'" + channel + "' is not an SMS channel:"
                        + " sms-<provider>/<account> or sms-<provider>"));
            }
            if (id == null || id.isBlank() || id.length() > MAX_PROVIDER_ID) {
                errors.add(FieldError.of("content.providerTemplates." + channel, "is the provider's template id, 1 to "
                        + MAX_PROVIDER_ID + " characters"));
            }
        });
        if (s.signName() != null && s.signName().length() > MAX_SIGN_NAME) {
            errors.add(FieldError.of("content.signName", "at most " + MAX_SIGN_NAME + " characters"));
        }
        int length = s.length().mainlandLength();
        if (length > MAX_SMS_TEMPLATE) {
            errors.add(FieldError.of("content.text", "is " + length + " characters with its signature; providers take"
                    + " at most " + MAX_SMS_TEMPLATE));
        }
        return errors;
    }

    /** Every piece of text the body carries, by its path. */
    static Map<String, String> texts(ContentBody body) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (body instanceof ContentBody.Message m) {
            MessageContent c = m.content();
            if (c instanceof MessageContent.Text t) {
                texts.put("content.text", t.text());
                for (int i = 0; i < t.attachments().size(); i++) {
                    Attachment a = t.attachments().get(i);
                    if (a instanceof Attachment.Link l) {
                        texts.put("content.attachments[" + i + "].title", l.title());
                        if (l.description() != null) {
                            texts.put("content.attachments[" + i + "].description", l.description());
                        }
                    } else if (a instanceof Attachment.MiniProgram mp && mp.title() != null) {
                        texts.put("content.attachments[" + i + "].title", mp.title());
                    }
                }
            } else if (c instanceof MessageContent.Email e) {
                if (e.text() != null) {
                    texts.put("content.text", e.text());
                }
                if (e.html() != null) {
                    texts.put("content.html", e.html());
                }
                texts.put("content.subject", e.subject());
            } else if (c instanceof MessageContent.Template t) {
                new java.util.TreeMap<>(t.data()).forEach((k, v) -> texts.put("content.data." + k, v));
            }
        } else if (body instanceof ContentBody.SmsTemplate s) {
            texts.put("content.text", s.text());
            if (s.signName() != null) {
                texts.put("content.signName", s.signName());
            }
        } else if (body instanceof ContentBody.Script s) {
            texts.put("content.text", s.text());
        }
        return texts;
    }

    /** One problem per sensitive word per field that contains it. */
    static List<FieldError> sensitiveWords(Map<String, String> texts, Collection<String> words) {
        List<FieldError> errors = new ArrayList<>();
        texts.forEach((path, text) -> {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (lower.contains(word.toLowerCase(Locale.ROOT))) {
                    errors.add(FieldError.of(path, "contains the sensitive word '" + word + "'"));
                }
            }
        });
        return errors;
    }

    /** One problem per disclosure that applies and is missing, on the content's main text. */
    static List<FieldError> disclosures(Map<String, String> texts, Set<String> labels, List<RiskDisclosure> rules) {
        String all = String.join("\n", texts.values());
        String main = texts.isEmpty() ? "content" : texts.keySet().iterator().next();
        List<FieldError> errors = new ArrayList<>();
        for (RiskDisclosure d : rules) {
            if (d.appliesTo(all, labels) && !all.contains(d.phrase())) {
                errors.add(FieldError.of(main, d.name() + ": must carry the risk disclosure '" + d.phrase() + "'"));
            }
        }
        return errors;
    }

    /**
     * An edition's declared disclosures in the library's terms: its tags ("产品/理财") are matched
     * against content labels. One that names no trigger could never apply and is left out.
     */
    static List<RiskDisclosure> disclosures(io.siyu.api.edition.ComplianceRules rules) {
        return rules.riskDisclosures().stream()
                .filter(d -> !d.whenTags().isEmpty() || !d.whenMentions().isEmpty())
                .map(d -> new RiskDisclosure(d.id(), d.name(), d.whenTags(), d.whenMentions(), d.phrase()))
                .toList();
    }

    /**
     * What an edition hook finds, with its paths put under {@code content.}. Scripts and SMS
     * templates are shown to hooks as text. A hook that fails refuses the content: unreviewed
     * content must not pass for reviewed.
     */
    static List<FieldError> edition(String editionId, EditionHook hook, Caller caller, ContentBody body) {
        MessageContent content = body instanceof ContentBody.Message m ? m.content()
                : MessageContent.Text.of(texts(body).get("content.text"));
        try {
            List<FieldError> found = hook.reviewContent(caller, content);
            return found == null ? List.of() : found.stream()
                    .map(e -> FieldError.of(e.field().isEmpty() ? "content" : "content." + e.field(), e.message()))
                    .toList();
        } catch (RuntimeException | LinkageError e) {
            return List.of(FieldError.of("content", "the " + editionId + " edition's review failed, so the content"
                    + " cannot pass: " + e));
        }
    }
}
