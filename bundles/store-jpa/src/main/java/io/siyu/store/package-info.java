/**
 * The store as the core services see it: repositories over records of the core API. Only
 * {@code bundles/core} uses this package; channels and editions talk to the core API instead.
 * Implementations receive validated, normalised input: validation is the core's job.
 *
 * <p>0.7: {@link io.siyu.store.ContentRepository} and {@link io.siyu.store.AuditRepository} (schema 18).
 * <p>0.8: {@link io.siyu.store.SubscriptionGrantRepository} (schema 19).
 * <p>0.9: {@link io.siyu.store.ChannelStatRepository} (schema 20).
 */
@org.osgi.annotation.versioning.Version("0.9.0")
package io.siyu.store;
