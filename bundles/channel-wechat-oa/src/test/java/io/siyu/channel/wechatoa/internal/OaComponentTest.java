package io.siyu.channel.wechatoa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.event.EventService;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class OaComponentTest {

    private record Registered(Class<?> type, Object service, Dictionary<String, ?> properties, AtomicBoolean gone) {
    }

    @Test
    void registersOneAdapterPerAccountWithOnlyTypeAndAccountAndUnregistersOnDeactivate() {
        List<Registered> registered = new ArrayList<>();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof Class<?> type) {
                        AtomicBoolean gone = new AtomicBoolean();
                        registered.add(new Registered(type, args[1], (Dictionary<String, ?>) args[2], gone));
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        gone.set(true);
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        OaComponent component = new OaComponent();
        Map<String, Object> values = OaSettingsTest.minimal();
        component.activate(context, OaSettingsTest.config(values),
                Map.of("felix.fileinstall.filename", "/opt/siyu/etc/io.siyu.channel.wechat-oa-main.cfg"));

        assertEquals(1, registered.size());
        Registered r = registered.get(0);
        assertSame(ChannelAdapter.class, r.type());
        assertEquals("wechat-oa", r.properties().get(ChannelAdapter.TYPE_PROPERTY));
        assertEquals("main", r.properties().get(ChannelAdapter.ACCOUNT_PROPERTY));
        assertEquals(Set.of(ChannelAdapter.TYPE_PROPERTY, ChannelAdapter.ACCOUNT_PROPERTY),
                Set.copyOf(Collections.list(r.properties().keys())), "no secret among the service properties");
        ChannelDescriptor d = ((ChannelAdapter) r.service()).descriptor();
        assertEquals("wechat-oa/main", d.key());
        assertEquals(Set.of(ChannelCapability.TEMPLATE_MESSAGE, ChannelCapability.MASS_MESSAGE,
                ChannelCapability.CHANNEL_CODES, ChannelCapability.INBOUND_CALLBACKS), d.capabilities());
        assertEquals(1, d.limits().maxRecipientsPerCall());
        assertEquals(4, d.limits().receiveQuota());
        assertEquals(Duration.ofDays(30), d.limits().receiveQuotaWindow());
        assertFalse(r.service().toString().contains((String) values.get("appSecret")));

        EventService events = (EventService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EventService.class}, (p, m, a) -> null);
        assertNull(component.core.events());
        component.bindEvents(events);
        assertSame(events, component.core.events());
        component.unbindEvents(events);
        assertNull(component.core.events());

        component.deactivate();
        assertTrue(r.gone().get());
    }
}
