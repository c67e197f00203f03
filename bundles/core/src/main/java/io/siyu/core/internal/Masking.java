package io.siyu.core.internal;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.IdentityType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Personal data as a caller without {@code customer.unmask} sees it: phone numbers as
 * {@code 138****1234}, e-mail as {@code w***@example.com}, and any text attribute that looks like a
 * phone, resident ID or bank card number with only its ends kept. By shape rather than by name, so
 * an edition's or a custom attribute holding such a number is masked too.
 */
final class Masking {
    private static final Pattern PHONE = Pattern.compile("\\+?\\d{7,15}");
    /** Chinese resident ID (15 or 18 characters, last may be X) and bank cards (16–19 digits). */
    private static final Pattern ID_LIKE = Pattern.compile("\\d{15}|\\d{17}[\\dXx]|\\d{16,19}");

    private Masking() {
    }

    static Customer mask(Customer c) {
        List<ChannelIdentity> identities = c.identities().stream().map(Masking::mask).toList();
        Map<String, Object> attributes = new LinkedHashMap<>();
        c.attributes().forEach((k, v) -> attributes.put(k, v instanceof String s ? maskText(s) : v));
        return new Customer(c.id(), c.displayName(), identities, c.tags(), attributes, c.createdAt(), c.updatedAt(),
                c.version());
    }

    /**
     * An event as such a caller sees it: the old and new values of an {@code attribute.changed}
     * masked like the attribute itself. Other events' properties (order ids…) are not personal data.
     */
    static io.siyu.api.event.CustomerEvent mask(io.siyu.api.event.CustomerEvent e) {
        if (!e.type().equals(io.siyu.api.event.EventTypes.ATTRIBUTE_CHANGED)) {
            return e;
        }
        Map<String, Object> properties = new LinkedHashMap<>(e.properties());
        for (String key : List.of(io.siyu.api.event.EventTypes.FROM, io.siyu.api.event.EventTypes.TO)) {
            if (properties.get(key) instanceof String s) {
                properties.put(key, maskText(s));
            }
        }
        return new io.siyu.api.event.CustomerEvent(e.id(), e.type(), e.occurredAt(), e.channel(), e.customerId(), properties);
    }

    /**
     * What a caller who only saw masked values meant: an identity or attribute sent back exactly as
     * it was shown masked stands for the stored value, so reading and saving a profile loses nothing.
     */
    static io.siyu.api.customer.CustomerDraft unmask(io.siyu.api.customer.CustomerDraft draft, Customer current) {
        Map<ChannelIdentity, ChannelIdentity> shown = new java.util.HashMap<>();
        current.identities().forEach(i -> shown.put(mask(i), i));
        List<ChannelIdentity> identities = draft.identities() == null ? null
                : draft.identities().stream().map(i -> shown.getOrDefault(i, i)).toList();
        Map<String, Object> attributes = draft.attributes() == null ? null : new LinkedHashMap<>(draft.attributes());
        if (attributes != null) {
            current.attributes().forEach((k, v) -> {
                if (v instanceof String s && !s.equals(maskText(s)) && maskText(s).equals(attributes.get(k))) {
                    attributes.put(k, v);
                }
            });
        }
        return new io.siyu.api.customer.CustomerDraft(draft.displayName(), identities, draft.tagIds(), attributes);
    }

    private static ChannelIdentity mask(ChannelIdentity i) {
        if (i.type() == IdentityType.PHONE) {
            return new ChannelIdentity(i.type(), i.namespace(), phone(i.value()));
        }
        if (i.type() == IdentityType.EMAIL) {
            int at = i.value().indexOf('@');
            return at <= 0 ? i : new ChannelIdentity(i.type(), i.namespace(), i.value().charAt(0) + "***" + i.value().substring(at));
        }
        return i;
    }

    static String maskText(String value) {
        String v = value.strip();
        if (ID_LIKE.matcher(v).matches()) {
            return v.substring(0, 4) + "*".repeat(v.length() - 8) + v.substring(v.length() - 4);
        }
        return PHONE.matcher(v).matches() ? phone(v) : value;
    }

    /** +8613812341234 → +86138****1234; 13812341234 → 138****1234. */
    static String phone(String value) {
        String prefix = value.startsWith("+86") ? "+86" : "";
        String rest = value.substring(prefix.length());
        if (rest.length() < 8) {
            return prefix + "*".repeat(Math.max(0, rest.length() - 2)) + rest.substring(Math.max(0, rest.length() - 2));
        }
        return prefix + rest.substring(0, 3) + "*".repeat(rest.length() - 7) + rest.substring(rest.length() - 4);
    }
}
