package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.analytics.AudienceReport;
import io.siyu.api.analytics.ChannelStatistics;
import io.siyu.api.analytics.CollectReport;
import io.siyu.api.analytics.FollowerGrowth;
import io.siyu.api.analytics.GroupChatReport;
import io.siyu.api.channel.GroupChatStatistics.Figures;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendPlan;
import io.siyu.api.masssend.MassSendService;
import io.siyu.api.masssend.MassSendState;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.SecurityContext;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * The channel-figure routes through Jersey: they sit next to {@code AnalyticsResource} under
 * {@code analytics/}, default the period to the last 30 China days up to yesterday and the account to
 * the only one, follow a mass send's account and time, and answer problems for bad input.
 */
class ChannelStatsResourceTest {
    /** 2026-11-20 01:00 in China: yesterday is the 19th there, although UTC still says the 19th too. */
    static final Instant NOW = Instant.parse("2026-11-19T17:00:00Z");
    static final Caller VIEWER = new Caller("viewer", Set.of("siyu-viewer"), null, DataScope.ALL);
    static final ObjectMapper JSON = new ObjectMapper();

    final List<String> calls = new ArrayList<>();
    List<String> oaAccounts = List.of("main");

    final ChannelStatistics stats = new ChannelStatistics() {
        @Override
        public GroupChatReport groupChats(Caller caller, String account, LocalDate from, LocalDate to, String owner) {
            calls.add("groupChats " + account + " " + from + ".." + to + " " + owner);
            if (to.isBefore(from)) {
                throw new ValidationException(FieldError.of("to", "must not be before from"));
            }
            return new GroupChatReport(account, from, to, owner, List.of(new GroupChatReport.Day(to,
                    new Figures(1, 2, 3, 4, 5, 6, 7), List.of())), List.of(from), List.of("zhang"));
        }

        @Override
        public AudienceReport officialAccount(Caller caller, String account, LocalDate from, LocalDate to) {
            calls.add("officialAccount " + account + " " + from + ".." + to);
            AudienceReport.Day d = new AudienceReport.Day(to, 7, 3, 4, 104L, Map.of("qr-code", 7L), Map.of("search", 3L),
                    13, Map.of("session", 9L, "moments", 4L), 13L, List.of());
            return new AudienceReport(account, from, to, List.of(d), List.of(),
                    new AudienceReport.Totals(7, 3, 4, 104L, 104L, 13, d.readsBySource(), d.newBySource()));
        }

        @Override
        public FollowerGrowth followerGrowth(Caller caller, String account, Instant since, int minutes) {
            calls.add("followerGrowth " + account + " " + since + " " + minutes);
            return new FollowerGrowth(account, since, minutes, List.of(new FollowerGrowth.Minute(since, 2, 1, 1, 1)),
                    2, 1, 1);
        }

        @Override
        public CollectReport collect(Caller caller, String channelKey, LocalDate from, LocalDate to) {
            calls.add("collect " + channelKey + " " + from + " " + to);
            return new CollectReport(List.of(new CollectReport.Account("wecom/main", List.of(LocalDate.parse(
                    "2026-11-19")), List.of(), null)));
        }

        @Override
        public List<String> accounts(String channelType) {
            return channelType.equals(WECOM) ? List.of("main") : oaAccounts;
        }
    };

    final MassSendService massSends = (MassSendService) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {MassSendService.class}, (proxy, method, args) -> {
                if (!method.getName().equals("get")) {
                    throw new AssertionError("the channel figures only read mass sends by id, not " + method.getName());
                }
                long id = (Long) args[1];
                Instant at = Instant.parse("2026-11-18T12:00:00Z");
                MassSendPlan plan = new MassSendPlan(at, 10, 10, List.of(), List.of(), List.of(), at, 1);
                return new MassSend(id, "push", Audience.segment(1), id == 3 ? "wecom" : "wechat-oa", "brand",
                        MessageKind.MASS, null, id == 2 ? null : at.plus(5, ChronoUnit.MINUTES),
                        id == 2 ? MassSendState.DRAFT : MassSendState.QUEUED, id == 2 ? null : plan, null, "admin", at, 1);
            });

    private ApplicationHandler app() {
        ServiceAccess services = new ServiceAccess();
        services.channelStatistics = stats;
        services.massSends = massSends;
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ResourceConfig config = new ResourceConfig().register(JacksonFeature.withoutExceptionMappers())
                .register(new JsonConfig()).register(new AnalyticsResource(services))
                .register(new ChannelStatsResource(services, clock)).register(new Login());
        ProblemMappers.all().forEach(config::register);
        return new ApplicationHandler(config);
    }

    @PreMatching
    static final class Login implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            CallerPrincipal principal = new CallerPrincipal(new RealmUser("viewer", Set.of("siyu-viewer")), VIEWER);
            request.setSecurityContext(new SecurityContext() {
                @Override
                public Principal getUserPrincipal() {
                    return principal;
                }

                @Override
                public boolean isUserInRole(String role) {
                    return false;
                }

                @Override
                public boolean isSecure() {
                    return true;
                }

                @Override
                public String getAuthenticationScheme() {
                    return "BASIC";
                }
            });
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(ApplicationHandler app, String method, String path) throws Exception {
        ContainerRequest request = new ContainerRequest(URI.create("http://x/"), URI.create("http://x/" + path), method,
                null, new org.glassfish.jersey.internal.MapPropertiesDelegate(), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        request.setWriter(new org.glassfish.jersey.server.spi.ContainerResponseWriter() {
            @Override
            public java.io.OutputStream writeResponseStatusAndHeaders(long length, ContainerResponse response) {
                return out;
            }

            @Override
            public boolean suspend(long timeOut, java.util.concurrent.TimeUnit unit, TimeoutHandler handler) {
                return false;
            }

            @Override
            public void setSuspendTimeout(long timeOut, java.util.concurrent.TimeUnit unit) {
            }

            @Override
            public void commit() {
            }

            @Override
            public void failure(Throwable error) {
            }

            @Override
            public boolean enableResponseBuffering() {
                return false;
            }
        });
        ContainerResponse response = app.apply(request, out).get();
        String body = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        return new Answer(response.getStatus(), body.isEmpty() ? null : JSON.readTree(body));
    }

    @Test
    void groupChatsDefaultToTheLastThirtyChinaDaysAndTheOnlyAccount() throws Exception {
        ApplicationHandler app = app();
        Answer a = call(app, "GET", "analytics/group-chats");
        assertEquals(200, a.status(), String.valueOf(a.body()));
        assertEquals(List.of("groupChats main 2026-10-21..2026-11-19 null"), calls);
        assertEquals(7, a.body().path("days").get(0).path("messages").asLong());
        assertEquals("2026-11-19", a.body().path("days").get(0).path("date").asText());
        assertEquals("zhang", a.body().path("owners").get(0).asText());

        call(app, "GET", "analytics/group-chats?account=north&from=2026-11-01&to=2026-11-07&owner=zhang");
        assertEquals("groupChats north 2026-11-01..2026-11-07 zhang", calls.get(1));
        // the customer dashboard next to it still routes to AnalyticsResource (503: no customer service here)
        assertEquals(503, call(app, "GET", "analytics/customers").status());
    }

    @Test
    void officialAccountFiguresAddUp() throws Exception {
        Answer a = call(app(), "GET", "analytics/official-accounts?days=7");
        assertEquals(200, a.status(), String.valueOf(a.body()));
        assertEquals(List.of("officialAccount main 2026-11-13..2026-11-19"), calls);
        JsonNode day = a.body().path("days").get(0);
        assertEquals(day.path("newFollows").asLong() - day.path("unfollows").asLong(), day.path("net").asLong());
        assertEquals(day.path("reads").asLong(), day.path("readsBySource").path("session").asLong()
                + day.path("readsBySource").path("moments").asLong());
        assertEquals(13, a.body().path("totals").path("reads").asLong());
    }

    @Test
    void followerGrowthFollowsTheMassSendsAccountAndTime() throws Exception {
        ApplicationHandler app = app();
        Answer a = call(app, "GET", "analytics/follower-growth?massSendId=1");
        assertEquals(200, a.status(), String.valueOf(a.body()));
        assertEquals("followerGrowth brand 2026-11-18T12:05:00Z 60", calls.get(0));
        assertEquals(1, a.body().path("massSendId").asLong());
        assertEquals(1, a.body().path("perMinute").get(0).path("cumulativeNet").asLong());

        call(app, "GET", "analytics/follower-growth?account=main&since=2026-11-18T12:00:00Z&minutes=1440");
        assertEquals("followerGrowth main 2026-11-18T12:00:00Z 1440", calls.get(1));
    }

    @Test
    void badInputIsAProblemNamingTheParameter() throws Exception {
        ApplicationHandler app = app();
        assertProblem(call(app, "GET", "analytics/group-chats?from=2026-13-01"), "from");
        assertProblem(call(app, "GET", "analytics/group-chats?from=2026-11-10&to=2026-11-01"), "to");
        assertProblem(call(app, "GET", "analytics/official-accounts?days=181"), "days");
        assertProblem(call(app, "GET", "analytics/follower-growth?massSendId=2"), "massSendId");
        assertProblem(call(app, "GET", "analytics/follower-growth?massSendId=3"), "massSendId");
        assertProblem(call(app, "GET", "analytics/follower-growth?account=main"), "since");
        assertProblem(call(app, "GET", "analytics/follower-growth?since=yesterday"), "since");
        assertProblem(call(app, "POST", "analytics/channel-stats/collect?from=x"), "from");
        oaAccounts = List.of("a", "b");
        assertProblem(call(app, "GET", "analytics/official-accounts"), "account");
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("officialAccount")), calls.toString());
    }

    @Test
    void collectPassesThePeriodOn() throws Exception {
        Answer a = call(app(), "POST", "analytics/channel-stats/collect?channel=wecom/main&from=2026-11-01");
        assertEquals(200, a.status(), String.valueOf(a.body()));
        assertEquals(List.of("collect wecom/main 2026-11-01 null"), calls);
        assertEquals("2026-11-19", a.body().path("accounts").get(0).path("days").get(0).asText());
    }

    private static void assertProblem(Answer a, String field) {
        assertEquals(400, a.status(), String.valueOf(a.body()));
        assertEquals(field, a.body().path("errors").get(0).path("field").asText(), a.body().toString());
    }
}
