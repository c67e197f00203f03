package io.siyu.channel.sandbox.wecom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

/** The whiteboard front end: configuration from the PID, paths below the servlet, bytes in and out. */
class WeComSandboxServletTest {

    @Test
    void configurationDefaultsAndStateFileUnderKarafData() {
        SandboxConfiguration defaults = configuration(Map.of());
        WeComSandboxConfig c = WeComSandboxServlet.config(defaults, "/opt/karaf/data");
        assertEquals(WeComSandboxConfig.DEFAULT_CORP_ID, c.corpId());
        assertEquals(7200, c.tokenTtlSeconds());
        assertEquals(10_000, c.callsPerMinute());
        assertEquals(1, c.massQuotaPerDay());
        assertEquals("http://localhost:8181/siyu/callback/wecom/demo", c.callbackUrl());
        assertNull(c.stateFile());
        assertEquals(Path.of("/opt/karaf/data/sandbox/wecom.json"),
                WeComSandboxServlet.config(configuration(Map.of("stateFile", "sandbox/wecom.json")), "/opt/karaf/data").stateFile());
        assertEquals(Path.of("/var/wecom.json"),
                WeComSandboxServlet.config(configuration(Map.of("stateFile", "/var/wecom.json")), "/opt/karaf/data").stateFile());
    }

    @Test
    void servesTheSimulatorBelowItsPath() throws Exception {
        WeComSandboxServlet servlet = new WeComSandboxServlet();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] status = {0};
        assertEquals(503, serve(servlet, "GET", "/cgi-bin/gettoken", "", null, status, out));

        servlet.activate(configuration(Map.of("corpSecret", "s")));
        out.reset();
        serve(servlet, "GET", "/cgi-bin/gettoken", "corpid=" + WeComSandboxConfig.DEFAULT_CORP_ID + "&corpsecret=s", null,
                status, out);
        assertEquals(200, status[0]);
        JsonNode token = Api.JSON.readTree(out.toByteArray());
        assertEquals(0, token.path("errcode").asInt());
        String accessToken = token.path("access_token").asText();

        out.reset();
        serve(servlet, "POST", "/cgi-bin/externalcontact/add_contact_way", "access_token=" + accessToken,
                "{\"type\":1,\"scene\":2,\"state\":\"s\",\"user\":[\"u1\"]}", status, out);
        JsonNode way = Api.JSON.readTree(out.toByteArray());
        assertTrue(way.path("qr_code").asText().startsWith("http://localhost:8181/siyu/sandbox/wecom/control/qr/"),
                way.toString());
        servlet.deactivate();
    }

    private static int serve(WeComSandboxServlet servlet, String method, String pathInfo, String query, String body,
            int[] status, ByteArrayOutputStream out) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        };
        ServletOutputStream sout = new ServletOutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(WeComSandboxServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getQueryString" -> query;
                    case "getInputStream" -> sin;
                    case "getRequestURL" -> new StringBuffer("http://localhost:8181/siyu/sandbox/wecom" + pathInfo);
                    default -> null;
                });
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(WeComSandboxServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus", "sendError" -> status[0] = (Integer) a[0];
                        case "getOutputStream" -> {
                            return sout;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        servlet.service(req, resp);
        return status[0];
    }

    /** The annotation's defaults, overridden by {@code values}, as DS would hand them over. */
    private static SandboxConfiguration configuration(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        return (SandboxConfiguration) Proxy.newProxyInstance(WeComSandboxServletTest.class.getClassLoader(),
                new Class<?>[] {SandboxConfiguration.class}, (p, m, a) -> {
                    if (m.getName().equals("annotationType")) {
                        return SandboxConfiguration.class;
                    }
                    return all.containsKey(m.getName()) ? all.get(m.getName()) : m.getDefaultValue();
                });
    }

}
