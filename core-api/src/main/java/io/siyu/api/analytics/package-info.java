/**
 * Figures for dashboards and reports, computed by the core on request within the caller's data
 * scope: event counts per period, the private-domain loop funnel and leaderboards of staff and
 * units. Consoles draw them; nothing here is cached or estimated.
 *
 * <p>1.1: {@link io.siyu.api.analytics.ChannelStatistics}: account-level figures the providers compute
 * (collected daily and stored, so these are the exception to "nothing cached") and the per-minute
 * follower growth of an official account.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.siyu.api.analytics;
