package io.siyu.channel.email.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a message's placeholders for one recipient: {@code {name}}, {@code {remark}},
 * {@code {email}}, {@code {unsubscribeUrl}}; unknown ones stay as written. Values going into HTML are
 * escaped, so a customer's name cannot inject markup. A body that does not place the unsubscribe
 * link itself gets it as a footer: every message carries a working one.
 */
final class Personalisation {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(name|remark|email|unsubscribeUrl)}");
    static final String PLACE_LINK = "{unsubscribeUrl}";

    private Personalisation() {
    }

    static String fill(String template, Map<String, String> values, boolean html) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(html ? MimeText.escapeHtml(v) : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String withHtmlFooter(String filled, String template, String link) {
        if (template.contains(PLACE_LINK)) {
            return filled;
        }
        String footer = "<p style=\"color:#888;font-size:12px\">不想再收到这类邮件？<a href=\""
                + MimeText.escapeHtml(link) + "\">退订 Unsubscribe</a></p>";
        int end = filled.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
        return end < 0 ? filled + "\n" + footer : filled.substring(0, end) + footer + "\n" + filled.substring(end);
    }

    static String withTextFooter(String filled, String template, String link) {
        if (template.contains(PLACE_LINK)) {
            return filled;
        }
        return filled + "\n\n--\n退订 Unsubscribe: " + link + "\n";
    }
}
