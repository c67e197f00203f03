package io.siyu.channel.wechatoa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.channel.AudienceStatistics;
import io.siyu.api.channel.AudienceStatistics.CumulateDay;
import io.siyu.api.channel.AudienceStatistics.FollowDay;
import io.siyu.api.channel.AudienceStatistics.ReadDay;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.testing.FakeCore;
import io.siyu.channel.sandbox.CallbackTransport;
import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.oa.OaSandboxConfig;
import io.siyu.channel.sandbox.oa.OaSandboxServlet;
import io.siyu.channel.sandbox.oa.OaSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's datacube calls against the simulator over HTTP: follows, followers and reads computed
 * from the simulated account's own history, so they add up; periods longer than the documented spans
 * (7 days for user figures, 3 for reads) split; what the datacube refuses is a ChannelCallException.
 */
class OaAudienceStatisticsTest {
    /** 10:00 on 2 March in China: yesterday is 1 March. */
    static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(NOW);
    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxServer server;
    private AudienceStatistics stats;
    private OaSandboxConfig config;

    @BeforeEach
    void start() {
        config = OaSandboxConfig.defaults();
        OaSimulator sim = new OaSimulator(config.withJobFinishDelayMillis(-1), clock);
        sim.callbackTransport((url, query, body) -> new CallbackTransport.Reply(200, "success"));
        server = SandboxServer.start(0, Map.of(OaSandboxServlet.MOUNT, sim));
        OaSettings settings = new OaSettings("test", config.appId(), config.appSecret(), config.token(),
                config.encodingAesKey(), server.base(OaSandboxServlet.MOUNT), 300, false, 4);
        stats = new OaAdapter(settings, new OaApi(settings, clock), new FakeCore(), clock).audienceStatistics()
                .orElseThrow();

        for (String o : List.of("oA", "oB", "oC")) {
            control("subscribe", "{\"openid\":\"" + o + "\",\"at\":\"2026-02-24T01:00:00Z\"}");
        }
        control("subscribe", "{\"openid\":\"oD\",\"subscribe_scene\":\"ADD_SCENE_PROFILE_CARD\","
                + "\"at\":\"2026-02-24T02:00:00Z\"}");
        control("unsubscribe", "{\"openid\":\"oA\",\"at\":\"2026-02-25T01:00:00Z\"}");
        control("subscribe", "{\"openid\":\"oE\",\"scene\":\"promo\",\"at\":\"2026-02-25T02:00:00Z\"}");
        control("subscribe", "{\"openid\":\"oA\",\"at\":\"2026-02-27T02:00:00Z\"}");
        control("read", "{\"openid\":\"oB\",\"source\":0,\"count\":3,\"at\":\"2026-02-25T03:00:00Z\"}");
        control("read", "{\"openid\":\"oC\",\"source\":2,\"count\":2,\"at\":\"2026-02-25T03:00:00Z\"}");
        control("read", "{\"openid\":\"oB\",\"source\":2,\"at\":\"2026-02-25T04:00:00Z\"}");
        control("read", "{\"openid\":\"oC\",\"source\":0,\"share\":true,\"at\":\"2026-02-25T04:00:00Z\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode control(String action, String json) {
        return post(server.base(OaSandboxServlet.MOUNT) + "/control/" + action, json);
    }

    private JsonNode post(String url, String json) {
        try {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDate day(String d) {
        return LocalDate.parse(d);
    }

    @Test
    void followsAndFollowersComeFromTheHistoryAndAddUp() {
        List<FollowDay> follows = stats.follows(day("2026-02-20"), day("2026-03-01"));
        assertEquals(List.of(new FollowDay(day("2026-02-24"), 1, 3, 0), new FollowDay(day("2026-02-24"), 17, 1, 0)),
                follows.stream().filter(f -> f.day().equals(day("2026-02-24"))).toList());
        assertEquals(List.of(new FollowDay(day("2026-02-25"), 1, 0, 1), new FollowDay(day("2026-02-25"), 30, 1, 0)),
                follows.stream().filter(f -> f.day().equals(day("2026-02-25"))).toList());
        assertEquals(List.of(new FollowDay(day("2026-02-26"), 0, 0, 0)),
                follows.stream().filter(f -> f.day().equals(day("2026-02-26"))).toList(), "a quiet day: one zero row");
        assertEquals(10, follows.stream().map(FollowDay::day).distinct().count(), "10 days in two calls of at most 7");

        List<CumulateDay> cumulate = stats.cumulate(day("2026-02-20"), day("2026-03-01"));
        assertEquals(10, cumulate.size());
        long previous = 0;
        for (CumulateDay c : cumulate) {
            long net = follows.stream().filter(f -> f.day().equals(c.day()))
                    .mapToLong(f -> f.newUsers() - f.cancelUsers()).sum();
            assertEquals(previous + net, c.followers(), c.day().toString());
            previous = c.followers();
        }
        assertEquals(5, previous);
    }

    @Test
    void readsBySourceAddUpToAllSources() {
        List<ReadDay> reads = stats.reads(day("2026-02-24"), day("2026-02-28"));
        assertEquals(List.of(new ReadDay(day("2026-02-25"), 0, 1, 3, 1, 1), new ReadDay(day("2026-02-25"), 2, 2, 3, 0, 0),
                new ReadDay(day("2026-02-25"), AudienceStatistics.ALL_SOURCES, 2, 6, 1, 1)), reads);
    }

    @Test
    void whatTheDatacubeRefusesIsAChannelCallException() {
        ChannelCallException today = assertThrows(ChannelCallException.class,
                () -> stats.follows(day("2026-03-01"), day("2026-03-02")));
        assertEquals("61501", today.providerCode());

        // the simulator itself refuses a span longer than documented
        String token = get(server.base(OaSandboxServlet.MOUNT) + "/cgi-bin/token?grant_type=client_credential&appid="
                + config.appId() + "&secret=" + config.appSecret()).path("access_token").asText();
        String datacube = server.base(OaSandboxServlet.MOUNT) + "/datacube/";
        assertEquals(61501, post(datacube + "getusersummary?access_token=" + token,
                "{\"begin_date\":\"2026-02-20\",\"end_date\":\"2026-02-27\"}").path("errcode").asInt());
        assertEquals(61501, post(datacube + "getuserread?access_token=" + token,
                "{\"begin_date\":\"2026-02-20\",\"end_date\":\"2026-02-23\"}").path("errcode").asInt());
        assertEquals(0, post(datacube + "getuserread?access_token=" + token,
                "{\"begin_date\":\"2026-02-20\",\"end_date\":\"2026-02-22\"}").path("errcode").asInt(0));
        assertEquals(61500, post(datacube + "getusercumulate?access_token=" + token,
                "{\"begin_date\":\"20260220\",\"end_date\":\"2026-02-22\"}").path("errcode").asInt());
    }

    private JsonNode get(String url) {
        try {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
