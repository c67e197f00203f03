/**
 * Touch governance (触达治理): whether Siyu may reach a customer on a channel now, and if not, by
 * which rule and from when. The {@link io.siyu.api.policy.TouchPolicy} combines channel receive
 * quotas, the brand's cross-channel caps, quiet hours, the allowed 1:1 scenarios and consent.
 *
 * <p>Consent lives here rather than in {@code io.siyu.api.customer}: it is stored with the
 * customer and shown on the profile, but it exists to answer "may we reach them", it changes from
 * channel events (unsubscribe, opt-out replies) rather than profile edits, and keeping it next to
 * the policy lets the customer package stay about who a customer is.
 *
 * <p>1.2: {@link io.siyu.api.policy.SubscriptionGrants}, mini-program one-time subscriptions counted
 * one grant per acceptance and one per message.
 *
 * <p>1.3: {@link io.siyu.api.policy.CheckedSends}, messages queued by hand after the policy, and
 * {@link io.siyu.api.policy.TouchBlockedException}.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.siyu.api.policy;
