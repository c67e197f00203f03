/**
 * The interaction timeline. Everything a customer does or has done to them on any channel is a
 * {@link io.siyu.api.event.CustomerEvent}: messages, reads, clicks, shares, orders, store visits,
 * tag and segment changes. Events are ingested idempotently by their id, resolved to one customer
 * through any of their identities, and feed segments and SOP triggers.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.siyu.api.event;
