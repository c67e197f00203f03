package io.siyu.channel.smstencent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TencentSmsSettingsTest {

    @Test
    void onlyTencentNamedConfigurationsOfTheSharedFactoryPidAreClaimed() {
        assertTrue(TencentSmsSettings.isTencent(Map.of("felix.fileinstall.filename",
                "file:/opt/siyu/etc/io.siyu.channel.sms-tencent-main.cfg", "service.pid", "io.siyu.channel.sms~tencent-main")));
        assertFalse(TencentSmsSettings.isTencent(Map.of("felix.fileinstall.filename",
                "file:/opt/siyu/etc/io.siyu.channel.sms-aliyun-main.cfg", "account", "main")),
                "an Aliyun file naming its account is not ours");
        assertTrue(TencentSmsSettings.isTencent(Map.of("service.pid", "io.siyu.channel.sms~tencent-x")));
        assertFalse(TencentSmsSettings.isTencent(Map.of("service.pid", "io.siyu.channel.sms~aliyun-x")));
    }

    @Test
    void settingsAreCheckedAndSecretsNeverLogged() {
        TencentSmsSettings s = new TencentSmsSettings("main", "AKIDx", "very-secret", "1400000001", " 思语 ",
                "ap-guangzhou", "http://127.0.0.1:8181/siyu/sandbox/sms-tencent/", 20, "cb-token", "sms");
        assertEquals("http://127.0.0.1:8181/siyu/sandbox/sms-tencent", s.endpoint());
        assertEquals("127.0.0.1:8181", s.host());
        assertEquals("思语", s.signName());
        assertFalse(s.toString().contains("very-secret") || s.toString().contains("cb-token"), s.toString());
        assertEquals("sms.tencentcloudapi.com", new TencentSmsSettings("m", "a", "b", "1", null, "ap-guangzhou", null, 1,
                null, "sms").host());
        assertThrows(IllegalArgumentException.class, () -> new TencentSmsSettings("m", "a", "b", "1", null,
                "ap-guangzhou", "ftp://x", 1, null, "sms"));
        assertThrows(IllegalArgumentException.class, () -> new TencentSmsSettings("m", "a", "b", "1", null,
                "ap-guangzhou", null, 0, null, "sms"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new TencentSmsSettings("m", "a", " ", "1", null, "ap-guangzhou", null, 1, null, "sms"));
        assertEquals("secretKey is required", missing.getMessage());
    }
}
