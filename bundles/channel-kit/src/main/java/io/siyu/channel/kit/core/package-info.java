/**
 * The core services an adapter uses ({@link io.siyu.channel.kit.core.CoreServices}) and the slots
 * its DS component keeps them in ({@link io.siyu.channel.kit.core.CoreServiceSlots}); no OSGi API,
 * so code and tests using them need none. A package of its own so that bundles that do not use
 * them (the sandbox, the WeCom adapter) do not copy it, and so do not import the core-api packages
 * it names.
 *
 * <p>Without {@code @Version}, like the rest of the kit: copied into each bundle, never exported.
 */
package io.siyu.channel.kit.core;
