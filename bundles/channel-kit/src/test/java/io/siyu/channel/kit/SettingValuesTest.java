package io.siyu.channel.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SettingValuesTest {

    @Test
    void anEndpointIsAnHttpUrlWithoutQueryOrTrailingSlashAndTheDefaultWhenBlank() {
        assertEquals("https://sms.example.com/api", SettingValues.httpBaseUrl(" https://sms.example.com/api// ",
                "https://default", "endpoint"));
        assertEquals("https://default", SettingValues.httpBaseUrl(" ", "https://default", "endpoint"));
        IllegalArgumentException query = assertThrows(IllegalArgumentException.class,
                () -> SettingValues.httpBaseUrl("https://sms.example.com/?a=b", "https://default", "endpoint"));
        assertEquals("endpoint must be an http(s) URL without a query: https://sms.example.com/?a=b",
                query.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SettingValues.httpBaseUrl("ftp://x", "https://d", "apiBase"));
        assertThrows(IllegalArgumentException.class, () -> SettingValues.httpBaseUrl("http:///path", "https://d", "e"));
    }

    @Test
    void anOptionalSettingIsStrippedOrNull() {
        assertEquals("token", SettingValues.optional("  token "));
        assertNull(SettingValues.optional("   "));
        assertNull(SettingValues.optional(null));
    }
}
