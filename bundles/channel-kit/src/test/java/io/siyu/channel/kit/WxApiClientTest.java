package io.siyu.channel.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.channel.kit.ApiResult.TransportFailure.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WxApiClientTest {
    private StubProvider provider;
    private WxApiClient client;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        provider = new StubProvider();
        client = new WxApiClient(provider.baseUrl(), Duration.ofSeconds(2), Duration.ofMillis(400));
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        provider.close();
    }

    @Test
    void okWithErrcodeZero() {
        provider.json("/externalcontact/add_msg_template", "{\"errcode\":0,\"errmsg\":\"ok\",\"fail_list\":[\"wmX\"],\"msgid\":\"msgGCAAAXtWyujaWJHDDGi0mACAAAA\"}");
        ApiResult r = client.post("/externalcontact/add_msg_template", Map.of("access_token", "TOKEN-123"),
                Map.of("chat_type", "single", "text", Map.of("content", "你好")));
        assertInstanceOf(ApiResult.Ok.class, r);
        assertTrue(r.ok());
        assertEquals("msgGCAAAXtWyujaWJHDDGi0mACAAAA", r.body().path("msgid").asText());
        assertEquals("wmX", r.body().path("fail_list").get(0).asText());

        StubProvider.Received req = provider.received.get(0);
        assertEquals("POST", req.method());
        assertEquals("/cgi-bin/externalcontact/add_msg_template", req.path());
        assertEquals("access_token=TOKEN-123", req.rawQuery());
        assertTrue(req.contentType().startsWith("application/json"), req.contentType());
        assertTrue(req.body().contains("\"content\":\"你好\""), req.body()); // UTF-8, not \\u escapes
    }

    @Test
    void okWithoutErrcodeAndQueryEncoding() {
        provider.json("/token", "{\"access_token\":\"ACCESS\",\"expires_in\":7200}");
        ApiResult r = client.get("token", Map.of("grant_type", "client_credential", "appid", "wx a&b"));
        assertTrue(r.ok());
        assertEquals("ACCESS", r.body().path("access_token").asText());
        assertEquals("GET", provider.received.get(0).method());
        assertTrue(provider.received.get(0).rawQuery().contains("appid=wx+a%26b"), provider.received.get(0).rawQuery());
    }

    @Test
    void providerError() {
        provider.json("/message/template/send", "{\"errcode\":43101,\"errmsg\":\"user refuse to accept the msg rid: 1\"}");
        ApiResult r = client.post("/message/template/send", Map.of("access_token", "T"), Map.of("touser", "o1"));
        ApiResult.ProviderError e = assertInstanceOf(ApiResult.ProviderError.class, r);
        assertEquals(43101, e.errcode());
        assertEquals("user refuse to accept the msg rid: 1", e.errmsg());
        assertFalse(r.ok());
        assertNull(r.body());
    }

    @Test
    void errmsgIsMaskedWhenItQuotesASecret() {
        provider.json("/gettoken", "{\"errcode\":40001,\"errmsg\":\"invalid credential, url: /gettoken?corpid=c&corpsecret=S3CR3T\"}");
        ApiResult.ProviderError e = assertInstanceOf(ApiResult.ProviderError.class,
                client.get("/gettoken", Map.of("corpid", "c", "corpsecret", "S3CR3T")));
        assertFalse(e.errmsg().contains("S3CR3T"), e.errmsg());
        assertFalse(e.toString().contains("S3CR3T"), e.toString());
    }

    @Test
    void http500() {
        provider.on("/externalcontact/get", (exchange, body) -> StubProvider.reply(exchange, 500, "{\"oops\":1}"));
        ApiResult r = client.post("/externalcontact/get", Map.of("access_token", "T"), Map.of());
        assertEquals(new ApiResult.HttpFailure(500), r);
    }

    @Test
    void notJson() {
        provider.on("/gettoken", (exchange, body) -> {
            exchange.sendResponseHeaders(200, 5);
            exchange.getResponseBody().write("<html".getBytes());
        });
        ApiResult.TransportFailure f = assertInstanceOf(ApiResult.TransportFailure.class, client.get("/gettoken", Map.of()));
        assertEquals(Kind.BAD_RESPONSE, f.kind());
    }

    @Test
    void timeout() {
        provider.on("/slow", (exchange, body) -> {
            try {
                release.await(5, TimeUnit.SECONDS); // answers only when the test is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        ApiResult r = client.get("/slow", Map.of("access_token", "SECRET-TOKEN"));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        ApiResult.TransportFailure f = assertInstanceOf(ApiResult.TransportFailure.class, r);
        assertEquals(Kind.TIMEOUT, f.kind());
        assertTrue(elapsedMs >= 350 && elapsedMs < 2000, elapsedMs + " ms");
        assertFalse(f.toString().contains("SECRET-TOKEN"), f.toString());
    }

    @Test
    void connectionRefusedIsAnIoFailureWithoutTheToken() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WxApiClient nowhere = new WxApiClient("http://127.0.0.1:" + port + "/cgi-bin", Duration.ofSeconds(1), Duration.ofSeconds(1));
        ApiResult.TransportFailure f = assertInstanceOf(ApiResult.TransportFailure.class,
                nowhere.get("/gettoken", Map.of("corpsecret", "SECRET-VALUE")));
        assertEquals(Kind.IO, f.kind());
        assertFalse(f.message().contains("SECRET-VALUE"), f.message());
    }

    @Test
    void maskHidesTokensAndSecrets() {
        assertEquals("https://x/cgi-bin/gettoken?corpid=ww1&corpsecret=***",
                WxApiClient.mask("https://x/cgi-bin/gettoken?corpid=ww1&corpsecret=abc-DEF_1"));
        assertEquals("/send?access_token=*** failed", WxApiClient.mask("/send?access_token=XYZ failed"));
        assertEquals("/token?grant_type=client_credential&appid=wx1&secret=***",
                WxApiClient.mask("/token?grant_type=client_credential&appid=wx1&secret=s"));
        assertEquals("ACCESS_TOKEN=***", WxApiClient.mask("ACCESS_TOKEN=abc"));
    }

    @Test
    void baseUrlIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new WxApiClient("ftp://x", Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new WxApiClient("https://x/cgi-bin?access_token=abc",
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new WxApiClient(WxApiClient.WECOM, Duration.ZERO, Duration.ofSeconds(1)));
        WxApiClient c = new WxApiClient(WxApiClient.WECOM + "/", Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertEquals("https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=a",
                c.uri("/gettoken", Map.of("corpid", "a")).toString());
        assertEquals(List.of(), provider.received);
    }
}
