package io.siyu.api.policy;

/**
 * Why a proactive 1:1 message is sent. The seeds allow 1:1 chat only in these scenarios (no daily
 * good-morning mass messages); the brand chooses which are allowed and the policy blocks the rest.
 */
public enum TouchScenario {
    /** The customer started the conversation. */
    CUSTOMER_INITIATED,
    /** After-sales follow-up. */
    AFTER_SALES,
    /** An important reminder (maturity, appointment, delivery). */
    IMPORTANT_REMINDER,
    FESTIVAL_GREETING,
    MAJOR_PROMOTION,
    /** A "certain idle moment" right after an interaction: posted moments, spoke in a group, ordered, left the store. */
    IDLE_MOMENT,
    /** Another topic that resonates with this customer. */
    OTHER_RESONANT
}
