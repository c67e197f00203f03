package io.siyu.channel.wechatoa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OaSettingsTest {

    /** An {@link OaConfiguration} as DS would make it: the given values, the annotation's defaults otherwise. */
    static OaConfiguration config(Map<String, Object> values) {
        return (OaConfiguration) Proxy.newProxyInstance(OaConfiguration.class.getClassLoader(),
                new Class<?>[] {OaConfiguration.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return OaConfiguration.class;
                    }
                    return method.getDefaultValue();
                });
    }

    static Map<String, Object> minimal() {
        Map<String, Object> v = new HashMap<>();
        v.put("appId", "wxabc0000000000001");
        v.put("appSecret", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-0001");
        v.put("token", "tok3n");
        return v;
    }

    @Test
    void theAccountComesFromThePropertyTheFileOrTheConfigurationName() {
        assertEquals("main", OaSettings.accountName(Map.of("account", " main ", "felix.fileinstall.filename", "x")));
        assertEquals("brand-b", OaSettings.accountName(Map.of("felix.fileinstall.filename",
                "file:/opt/siyu/etc/io.siyu.channel.wechat-oa-brand-b.cfg")));
        assertEquals("shop", OaSettings.accountName(Map.of("service.pid", "io.siyu.channel.wechat~oa-shop")));
        assertEquals("io.siyu.channel.wechat.1234", OaSettings.accountName(
                Map.of("felix.fileinstall.filename", "/etc/other.cfg", "service.pid", "io.siyu.channel.wechat.1234")));
        assertThrows(IllegalArgumentException.class, () -> OaSettings.accountName(Map.of()));
    }

    /** Karaf files io.siyu.channel.wechat-oa-x.cfg under factory io.siyu.channel.wechat, like other WeChat channels. */
    @Test
    void onlyOfficialAccountFilesOfTheSharedFactoryPidAreTaken() {
        assertTrue(OaSettings.isOfficialAccount(Map.of("felix.fileinstall.filename",
                "file:/opt/siyu/etc/io.siyu.channel.wechat-oa-main.cfg", "service.pid", "io.siyu.channel.wechat.77")));
        assertFalse(OaSettings.isOfficialAccount(Map.of("felix.fileinstall.filename",
                "file:/opt/siyu/etc/io.siyu.channel.wechat-mp-shop.cfg", "service.pid", "io.siyu.channel.wechat.78")));
        assertTrue(OaSettings.isOfficialAccount(Map.of("service.pid", "io.siyu.channel.wechat~oa-main")));
        assertTrue(OaSettings.isOfficialAccount(Map.of("account", "main")));
    }

    @Test
    void defaultsAndPlainMode() {
        OaSettings s = OaSettings.of(config(minimal()), Map.of("service.pid", "io.siyu.channel.wechat-oa~main"));
        assertEquals("main", s.account());
        assertNull(s.encodingAesKey());
        assertFalse(s.safeMode());
        assertEquals("https://api.weixin.qq.com/cgi-bin", s.cgiBin());
        assertEquals(300, s.callbackMaxSkewSeconds());
        assertFalse(s.subscription());
        assertEquals(4, s.massPerMonth());
    }

    @Test
    void secretsMayComeFromTheEnvironmentAndNeverShow() {
        Map<String, Object> v = minimal();
        v.put("appSecret", "${env:OA_SECRET}");
        v.put("encodingAesKey", "${env:OA_KEY}");
        v.put("apiBase", "http://localhost:8181/siyu/sandbox/wechat-oa/cgi-bin/");
        v.put("accountType", "Subscription");
        Map<String, String> env = Map.of("OA_SECRET", "from-the-environment", "OA_KEY",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        OaSettings s = OaSettings.of(config(v), Map.of("account", "a"), env::get);
        assertEquals("from-the-environment", s.appSecret());
        assertTrue(s.safeMode());
        assertTrue(s.subscription());
        assertEquals("http://localhost:8181/siyu/sandbox/wechat-oa/cgi-bin", s.cgiBin());
        String shown = s.toString();
        assertFalse(shown.contains("from-the-environment"));
        assertFalse(shown.contains("tok3n"));
        assertFalse(shown.contains("abcdefghij"));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> OaSettings.of(config(v), Map.of("account", "a"), name -> null));
        assertTrue(missing.getMessage().contains("OA_SECRET"));
    }

    @Test
    void badValuesAreRefused() {
        Map<String, Object> v = minimal();
        v.put("encodingAesKey", "too-short");
        assertThrows(IllegalArgumentException.class, () -> OaSettings.of(config(v), Map.of("account", "a")));
        Map<String, Object> w = minimal();
        w.put("accountType", "enterprise");
        assertThrows(IllegalArgumentException.class, () -> OaSettings.of(config(w), Map.of("account", "a")));
        Map<String, Object> x = minimal();
        x.remove("appSecret");
        x.put("appSecret", " ");
        assertThrows(IllegalArgumentException.class, () -> OaSettings.of(config(x), Map.of("account", "a")));
    }
}
