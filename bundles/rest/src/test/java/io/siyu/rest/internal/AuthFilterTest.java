package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthFilterTest {
    private static String basic(String s) {
        return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsAreSplitAtTheFirstColon() {
        assertArrayEquals(new String[] {"admin", "pa:ss"}, AuthFilter.credentials(basic("admin:pa:ss")).orElseThrow());
        assertArrayEquals(new String[] {"王", "密码"}, AuthFilter.credentials(basic("王:密码")).orElseThrow());
    }

    @Test
    void malformedHeadersAreNoCredentials() {
        assertTrue(AuthFilter.credentials(null).isEmpty());
        assertTrue(AuthFilter.credentials("Bearer abc").isEmpty());
        assertTrue(AuthFilter.credentials("Basic !!!").isEmpty());
        assertTrue(AuthFilter.credentials(basic("no-colon")).isEmpty());
        assertTrue(AuthFilter.credentials(basic(":empty-user")).isEmpty());
    }
}
