package io.siyu.core.internal.policy;

import io.siyu.api.channel.RecipientScope;
import io.siyu.api.policy.PolicySettings;

/**
 * What the policy knows of a channel account: whom it addresses and the receive quota its adapter
 * declares. Remembered after the adapter goes away, so plans still work during a hot swap.
 *
 * @param scope null when the account addresses no customers
 * @param declaredQuota null when the adapter declares none
 */
public record ChannelFacts(String type, String account, RecipientScope scope, PolicySettings.Quota declaredQuota) {
    public String key() {
        return type + "/" + account;
    }
}
