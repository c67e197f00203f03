package io.siyu.channel.sandbox;

/**
 * A provider simulator: answers requests the way the provider's documentation says the provider
 * does, and holds the provider-side state. Front ends ({@link SandboxServer}, the whiteboard
 * servlets) only move bytes.
 */
public interface Simulator {
    SimResponse handle(SimRequest request);
}
