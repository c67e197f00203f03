/**
 * The OSGi side of an adapter's DS component: the targets of its dynamic optional references
 * ({@link io.siyu.channel.kit.osgi.ServiceSlot}; the core services' in
 * {@code io.siyu.channel.kit.core.CoreServiceSlots}) and the adapter's registration. A separate
 * package so that only bundles that use it (the adapters, not the sandbox) copy it and import
 * {@code org.osgi.framework}.
 *
 * <p>Without {@code @Version}, like {@code io.siyu.channel.kit}: copied, never exported.
 */
package io.siyu.channel.kit.osgi;
