/**
 * The core services an adapter uses ({@link io.siyu.channel.kit.core.CoreServices}), apart from the
 * OSGi side that provides them ({@code io.siyu.channel.kit.osgi}) so that code and tests using them
 * need no OSGi. A package of its own so that bundles that do not use them (the sandbox) do not
 * copy it, and so do not import the core-api packages it names.
 *
 * <p>Without {@code @Version}, like the rest of the kit: copied into each bundle, never exported.
 */
package io.siyu.channel.kit.core;
