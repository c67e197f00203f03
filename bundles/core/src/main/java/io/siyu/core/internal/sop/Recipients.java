package io.siyu.core.internal.sop;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.CorpTags;
import io.siyu.api.channel.ExternalContacts;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.IdentityType;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of a customer's identities a channel account reaches: WeCom external contacts (in the
 * account's corp, when the adapter says which), official-account and mini-program openids, phone
 * numbers for SMS channels, e-mail addresses for e-mail channels.
 */
final class Recipients {
    private final ChannelRegistry registry;

    Recipients(ChannelRegistry registry) {
        this.registry = registry;
    }

    Optional<ChannelIdentity> on(Customer customer, String channelType, String channelAccount) {
        IdentityType type = identityType(channelType);
        if (type == null) {
            return Optional.empty();
        }
        String namespace = type.scoped() ? namespace(channelType, channelAccount) : null;
        return customer.identities().stream()
                .filter(i -> i.type() == type && (namespace == null || namespace.equals(i.namespace())))
                .findFirst();
    }

    static IdentityType identityType(String channelType) {
        String t = channelType.toLowerCase(Locale.ROOT);
        if (t.equals("wecom")) {
            return IdentityType.WECOM_EXTERNAL_USERID;
        }
        if (t.equals("wechat-oa")) {
            return IdentityType.OA_OPENID;
        }
        if (t.equals("miniprogram")) {
            return IdentityType.MINIPROGRAM_OPENID;
        }
        if (t.startsWith("sms")) {
            return IdentityType.PHONE;
        }
        if (t.startsWith("email")) {
            return IdentityType.EMAIL;
        }
        return null;
    }

    /** The corp or app id of the account's identities, when its adapter runs and says; else any. */
    private String namespace(String type, String account) {
        if (registry == null) {
            return null;
        }
        Optional<ChannelAdapter> adapter = registry.adapter(type, account);
        return adapter.flatMap(ChannelAdapter::externalContacts).map(ExternalContacts::namespace)
                .or(() -> adapter.flatMap(ChannelAdapter::corpTags).map(CorpTags::namespace))
                .orElse(null);
    }
}
