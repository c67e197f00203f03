package io.siyu.channel.sandbox.oa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OaSandboxServletTest {

    private static OaSandboxConfiguration configuration(Map<String, Object> values) {
        return (OaSandboxConfiguration) Proxy.newProxyInstance(OaSandboxConfiguration.class.getClassLoader(),
                new Class<?>[] {OaSandboxConfiguration.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }

    @Test
    void theDefaultsArePlainModeServiceAccountAtTheDemoCallback() {
        OaSandboxConfig c = OaSandboxServlet.config(configuration(Map.of()), "/data");
        assertEquals(OaSandboxConfig.DEFAULT_APP_ID, c.appId());
        assertFalse(c.safeMode());
        assertEquals(OaSandboxConfig.AccountType.SERVICE, c.accountType());
        assertEquals(4, c.massPerMonth());
        assertEquals(List.of(), c.templateIds());
        assertEquals("http://localhost:8181/siyu/callback/wechat-oa/demo", c.callbackUrl());
        assertNull(c.stateFile());
        assertEquals("/siyu/sandbox/wechat-oa/*", OaSandboxServlet.PATTERN);
        assertEquals("io.siyu.channel.sandbox.oa", OaSandboxServlet.PID);
        assertFalse(c.toString().contains(OaSandboxConfig.DEFAULT_APP_SECRET));
    }

    @Test
    void configuredValuesAndAStateFileUnderKarafData() {
        OaSandboxConfig c = OaSandboxServlet.config(configuration(Map.of("encodingAesKey",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "accountType", "subscription", "templateIds",
                new String[] {"TPL-1", " ", "TPL-2"}, "stateFile", "sandbox/oa.json")), "/opt/siyu/data");
        assertTrue(c.safeMode());
        assertEquals(OaSandboxConfig.AccountType.SUBSCRIPTION, c.accountType());
        assertEquals(List.of("TPL-1", "TPL-2"), c.templateIds());
        assertEquals(Path.of("/opt/siyu/data/sandbox/oa.json"), c.stateFile());
        assertThrows(IllegalArgumentException.class,
                () -> OaSandboxServlet.config(configuration(Map.of("accountType", "enterprise")), null));
        assertThrows(IllegalArgumentException.class,
                () -> OaSandboxServlet.config(configuration(Map.of("encodingAesKey", "short")), null));
    }
}
