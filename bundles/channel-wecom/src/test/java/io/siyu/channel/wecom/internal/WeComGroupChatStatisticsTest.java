package io.siyu.channel.wecom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.GroupChatStatistics;
import io.siyu.api.channel.GroupChatStatistics.Figures;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.wecom.WeComSandboxConfig;
import io.siyu.channel.sandbox.wecom.WeComSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's group-chat statistics against the simulator over HTTP: figures computed from the
 * simulated chats (creation, members' join times, messages), per day and per owner agreeing, periods
 * longer than 30 days and owner lists longer than 100 split into calls WeCom accepts, and the
 * simulator refusing what WeCom refuses.
 */
class WeComGroupChatStatisticsTest {
    /** 10:00 on 2 March in China: yesterday is 1 March. */
    private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private WeComSimulator sim;
    private SandboxServer server;
    private GroupChatStatistics stats;

    @BeforeEach
    void start() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        sim = new WeComSimulator(config, clock);
        server = SandboxServer.start(0, Map.of(SandboxServer.WECOM, sim));
        WeComSettings settings = new WeComSettings("main", config.corpId(), config.corpSecret(), config.agentId(),
                config.token(), config.encodingAesKey(), server.base(SandboxServer.WECOM), 300,
                config.massQuotaPerDay(), 60);
        WeComAdapter adapter = new WeComAdapter(settings, new WeComApi(settings, clock), new FakePlatform(), clock);
        stats = adapter.groupChatStatistics().orElseThrow();

        control("groupchat", "{\"chat_id\":\"wrA\",\"owner\":\"zhangsan\",\"name\":\"A\",\"members\":"
                + "[\"zhangsan\",\"wmA1\"],\"create_time\":\"2026-02-20T02:00:00Z\"}");
        control("groupchat-join", "{\"chat_id\":\"wrA\",\"members\":[\"wmA2\"],\"at\":\"2026-02-25T03:00:00Z\"}");
        control("groupchat", "{\"chat_id\":\"wrB\",\"owner\":\"lisi\",\"name\":\"B\",\"members\":[\"lisi\",\"wmB1\"],"
                + "\"create_time\":\"2026-02-25T04:00:00Z\"}");
        control("groupchat-message", "{\"chat_id\":\"wrA\",\"sender\":\"wmA1\",\"count\":2,\"at\":\"2026-02-25T05:00:00Z\"}");
        control("groupchat-message", "{\"chat_id\":\"wrB\",\"sender\":\"wmB1\",\"at\":\"2026-02-25T06:00:00Z\"}");
        control("groupchat-message", "{\"chat_id\":\"wrA\",\"sender\":\"zhangsan\",\"at\":\"2026-02-28T01:00:00Z\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void control(String action, String json) {
        SimResponse r = sim.handle(new SimRequest("POST", server.base(SandboxServer.WECOM), "/control/" + action,
                Map.of(), json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void perDayFiguresComeFromTheChatsAndAgreeWithThePerOwnerOnes() {
        List<GroupChatStatistics.Day> days = stats.byDay(LocalDate.parse("2026-02-20"), LocalDate.parse("2026-03-01"),
                List.of());
        assertEquals(10, days.size());
        assertEquals(LocalDate.parse("2026-02-20"), days.get(0).day());
        assertEquals(new Figures(1, 1, 0, 2, 2, 0, 0), days.get(0).figures());
        assertEquals(new Figures(0, 1, 0, 0, 2, 0, 0), days.get(1).figures());
        Figures feb25 = days.get(5).figures();
        assertEquals(new Figures(1, 2, 2, 3, 5, 2, 3), feb25);
        assertEquals(new Figures(0, 2, 1, 0, 5, 1, 1), days.get(8).figures(), "28 February: zhangsan speaks");

        Map<String, Figures> owners = stats.byOwner(LocalDate.parse("2026-02-25"));
        assertEquals(new Figures(0, 1, 1, 1, 3, 1, 2), owners.get("zhangsan"));
        assertEquals(new Figures(1, 1, 1, 2, 2, 1, 1), owners.get("lisi"));
        assertEquals(feb25, owners.get("zhangsan").plus(owners.get("lisi")));
    }

    @Test
    void longPeriodsAndOwnerListsAreSplitIntoCallsWeComAccepts() {
        // 45 days: WeCom takes 30 per call, so one call would be refused
        List<GroupChatStatistics.Day> days = stats.byDay(LocalDate.parse("2026-01-16"), LocalDate.parse("2026-03-01"),
                List.of());
        assertEquals(45, days.size());
        for (int i = 0; i < days.size(); i++) {
            assertEquals(LocalDate.parse("2026-01-16").plusDays(i), days.get(i).day());
        }
        assertEquals(new Figures(0, 2, 0, 0, 5, 0, 0), days.get(44).figures());

        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            owners.add(i == 120 ? "zhangsan" : "staff" + i);
        }
        List<GroupChatStatistics.Day> mine = stats.byDay(LocalDate.parse("2026-02-25"), LocalDate.parse("2026-02-25"),
                owners);
        assertEquals(new Figures(0, 1, 1, 1, 3, 1, 2), mine.get(0).figures(), "only zhangsan's chat");
    }

    @Test
    void whatWeComRefusesIsAChannelCallException() {
        ChannelCallException today = assertThrows(ChannelCallException.class,
                () -> stats.byDay(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"), List.of()));
        assertEquals("40058", today.providerCode());
        ChannelCallException old = assertThrows(ChannelCallException.class,
                () -> stats.byOwner(LocalDate.parse("2025-09-01")));
        assertEquals("40058", old.providerCode());
        assertTrue(old.getMessage().contains("180 days"), old.getMessage());
    }
}
