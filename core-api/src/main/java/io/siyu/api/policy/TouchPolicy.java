package io.siyu.api.policy;

import io.siyu.api.org.Caller;
import java.util.List;

/**
 * Decides whether a touch may happen. Everything that reaches customers asks first: SOP actions,
 * mass-send plans, staff sending 1:1. Decisions read what has been sent and recorded; they do not
 * reserve quota, the outbox counts a touch when it is queued.
 */
@org.osgi.annotation.versioning.ProviderType
public interface TouchPolicy {
    /** The customer opted out of the channel, or complained (do not disturb). */
    String RULE_CONSENT = "consent";
    /** The customer has no identity on the channel account. */
    String RULE_NO_IDENTITY = "no-identity";
    /** The channel's per-customer receive quota (e.g. WeCom: 1 mass message a day). */
    String RULE_CHANNEL_QUOTA = "channel-quota";
    /** The brand's cap on touches per customer per day or week across all channels. */
    String RULE_CROSS_CHANNEL_CAP = "cross-channel-cap";
    /** Inside the customer's quiet hours, in their time zone. */
    String RULE_QUIET_HOURS = "quiet-hours";
    /** A proactive 1:1 message without an allowed scenario. */
    String RULE_SCENARIO = "scenario";

    /** Too many moments today, or too little persona content (see {@link PolicySettings.MomentRules}). */
    String RULE_MOMENTS = "moments";

    PolicyDecision check(Caller caller, TouchRequest request);

    /** One decision per request, in order; implementations answer large plans in bulk. */
    default List<PolicyDecision> checkAll(Caller caller, List<TouchRequest> requests) {
        return requests.stream().map(r -> check(caller, r)).toList();
    }

    /** @since 1.1 */
    MomentCheck checkMoment(Caller caller, MomentRequest request);

    /** The rules in force. @since 1.1 */
    PolicySettings settings();

    /**
     * Replaces the rules; administrators only.
     *
     * @since 1.1
     */
    PolicySettings updateSettings(Caller caller, PolicySettings settings);
}
