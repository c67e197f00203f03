/**
 * Figures for dashboards and reports, computed by the core on request within the caller's data
 * scope: event counts per period, the private-domain loop funnel and leaderboards of staff and
 * units. Consoles draw them; nothing here is cached or estimated.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.siyu.api.analytics;
