/**
 * Mass sends (群发) with a plan. A {@link io.siyu.api.masssend.MassSend} is an audience × a channel
 * account × content × a time. Before anything is queued, its {@link io.siyu.api.masssend.MassSendPlan}
 * says who is eligible and who is blocked by which touch rule until when, per sending staff member;
 * the operator accepts the plan (optionally rescheduling the blocked part) and the sends go through
 * the outbox, where {@link io.siyu.api.masssend.MassSendProgress} follows them.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.siyu.api.masssend;
