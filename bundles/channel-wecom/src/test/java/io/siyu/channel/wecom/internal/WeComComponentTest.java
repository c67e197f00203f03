package io.siyu.channel.wecom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.ChannelAdapter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class WeComComponentTest {
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Test
    void theAccountComesFromThePropertyTheFileOrTheConfigurationName() {
        assertEquals("shop", WeComSettings.accountName(Map.of("account", " shop ",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/io.siyu.channel.wecom-main.cfg")));
        assertEquals("main", WeComSettings.accountName(Map.of("account", "",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/io.siyu.channel.wecom-main.cfg")));
        assertEquals("bank-east", WeComSettings.accountName(Map.of(
                "felix.fileinstall.filename", "C:\\karaf\\etc\\io.siyu.channel.wecom-bank-east.cfg",
                "service.pid", "io.siyu.channel.wecom~bank-east")));
        assertEquals("demo", WeComSettings.accountName(Map.of("service.pid", "io.siyu.channel.wecom~demo")));
        assertThrows(IllegalArgumentException.class, () -> WeComSettings.accountName(Map.of()));
    }

    @Test
    void settingsAreCheckedAndKeepSecretsOutOfToString() {
        WeComSettings s = new WeComSettings("main", "wwcorp", "the-secret", null, "the-token", KEY,
                "http://localhost:8181/siyu/sandbox/wecom/", 300, 1, 60);
        assertEquals("http://localhost:8181/siyu/sandbox/wecom/cgi-bin", s.cgiBin());
        assertFalse(s.toString().contains("the-secret"));
        assertFalse(s.toString().contains("the-token"));
        assertFalse(s.toString().contains(KEY));
        assertEquals("https://qyapi.weixin.qq.com/cgi-bin",
                new WeComSettings("main", "wwcorp", "x", "", "t", KEY, null, 300, 1, 60).cgiBin());
        assertThrows(IllegalArgumentException.class, () -> new WeComSettings("main", "wwcorp", "", "", "t", KEY, null, 300, 1, 60));
        assertThrows(IllegalArgumentException.class, () -> new WeComSettings("main", "wwcorp", "x", "", "t", "short", null, 300, 1, 60));
    }

    @Test
    void registersOneAdapterPerAccountWithTypeAndAccountProperties() {
        List<Dictionary<String, ?>> registered = new ArrayList<>();
        List<Object> services = new ArrayList<>();
        boolean[] unregistered = {false};
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                    if (m.getName().equals("unregister")) {
                        unregistered[0] = true;
                    }
                    return null;
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, a) -> {
                    if (m.getName().equals("registerService") && a[0] == ChannelAdapter.class) {
                        services.add(a[1]);
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> props = (Dictionary<String, ?>) a[2];
                        registered.add(props);
                        return registration;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        Map<String, Object> values = new HashMap<>();
        values.put("corpId", "wwcorp");
        values.put("secret", "s3cret");
        values.put("agentId", "1000002");
        values.put("token", "tok");
        values.put("encodingAesKey", KEY);
        values.put("apiBase", "http://127.0.0.1:9/unused");
        values.put("callbackMaxSkewSeconds", 300L);
        values.put("massQuotaPerDay", 4);
        values.put("resultPollSeconds", 3600L);
        values.put("account", "");
        WeComConfiguration config = (WeComConfiguration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WeComConfiguration.class}, (p, m, a) -> values.get(m.getName()));
        Map<String, Object> properties = new HashMap<>(values);
        properties.put("felix.fileinstall.filename", "file:/karaf/etc/io.siyu.channel.wecom-main.cfg");

        WeComComponent component = new WeComComponent();
        component.activate(context, config, properties);
        assertEquals(1, registered.size());
        assertEquals("wecom", registered.get(0).get(ChannelAdapter.TYPE_PROPERTY));
        assertEquals("main", registered.get(0).get(ChannelAdapter.ACCOUNT_PROPERTY));
        assertEquals(2, registered.get(0).size(), "no configuration (and so no secret) in the service properties");
        ChannelAdapter adapter = (ChannelAdapter) services.get(0);
        assertEquals("wecom/main", adapter.descriptor().key());
        assertEquals(4, adapter.descriptor().limits().receiveQuota());
        assertTrue(adapter.inboundCallback().isPresent());

        component.deactivate();
        assertTrue(unregistered[0]);
    }
}
