package io.siyu.channel.kit.osgi;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The target of a dynamic optional DS reference, for the component's bind and unbind methods
 * (DS annotations stay on the component). SCR binds a replacement before it unbinds the old
 * service, so unbinding clears the slot only while it still holds that service.
 */
public final class ServiceSlot<T> {
    private final AtomicReference<T> service = new AtomicReference<>();

    /** The service, or null while none is bound. */
    public T get() {
        return service.get();
    }

    public void bind(T s) {
        service.set(s);
    }

    public void unbind(T s) {
        service.compareAndSet(s, null);
    }
}
