package io.siyu.rest.internal;

import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendProgress;
import io.siyu.api.masssend.MassSendService;
import io.siyu.api.masssend.MassSendState;
import io.siyu.api.org.Caller;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * Reports as files: any module for any period as CSV, and several modules of one period in one
 * download, a ZIP with one CSV per module or one CSV with a section per module. The figures are
 * the dashboard's ({@link AnalyticsResource}), so a report and the screen agree; like them they are
 * within the caller's data scope. Reports hold counts only, no personal data.
 */
@Path("reports")
public final class ReportResource {
    static final int MAX_SENDS = 10_000;

    private final ServiceAccess services;
    private final AnalyticsResource analytics;
    private final Clock clock;

    ReportResource(ServiceAccess services) {
        this(services, Clock.systemUTC());
    }

    ReportResource(ServiceAccess services, Clock clock) {
        this.services = services;
        this.clock = clock;
        this.analytics = new AnalyticsResource(services, clock);
    }

    /** One table of a report. */
    record Table(String id, String title, List<String> header, List<List<Object>> rows) {
    }

    record ModuleJson(String id, String title) {
    }

    /** The fixed modules; every active dashboard adds {@code dashboard.<id>}. */
    static final Map<String, String> MODULES = modules();

    private static Map<String, String> modules() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("new-customers", "新增客户 New customers per day");
        m.put("relationships", "新增与流失 Relationships gained and lost per day");
        m.put("loop", "私域闭环 Loop funnel by entry point");
        m.put("loop-by-channel", "私域闭环 Loop funnel by source channel");
        m.put("channel-codes", "渠道活码 Channel codes and attribution");
        m.put("layers", "客户分层 Customers by layer (now)");
        m.put("mass-sends", "群发 Mass sends created in the period");
        return m;
    }

    @GET
    @Path("modules")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ModuleJson> modules(@Context SecurityContext security) {
        Callers.of(security);
        List<ModuleJson> out = new ArrayList<>();
        MODULES.forEach((id, title) -> out.add(new ModuleJson(id, title)));
        if (services.editions != null) {
            Dashboards.declared(services.editions.editions(), services.editions::content).forEach(d -> out.add(
                    new ModuleJson("dashboard." + d.dashboard().id(), d.dashboard().name())));
        }
        return out;
    }

    /**
     * @param modules comma-separated module ids (at least one)
     * @param format {@code csv} (one file; several modules become sections) or {@code zip} (one CSV per
     *        module); by default csv for one module and zip for several
     */
    @GET
    @Path("export")
    @Produces({"text/csv", "application/zip"})
    public Response export(@QueryParam("modules") String modules, @QueryParam("days") Integer days,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("format") String format,
            @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        Set<String> wanted = new LinkedHashSet<>();
        if (modules != null) {
            for (String m : modules.split(",")) {
                if (!m.isBlank()) {
                    wanted.add(m.strip());
                }
            }
        }
        List<FieldError> errors = new ArrayList<>();
        if (wanted.isEmpty()) {
            errors.add(FieldError.of("modules", "name at least one module (GET /reports/modules)"));
        }
        Set<String> known = new LinkedHashSet<>();
        modules(security).forEach(m -> known.add(m.id()));
        wanted.stream().filter(m -> !known.contains(m)).findFirst()
                .ifPresent(m -> errors.add(FieldError.of("modules", "no module '" + m + "'; there are " + known)));
        if (format != null && !format.equals("csv") && !format.equals("zip")) {
            errors.add(FieldError.of("format", "is csv or zip"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Period period = Period.of(days, from, to, analytics.zone(), clock.instant(), Period.MAX_DAYS);
        List<Table> tables = new ArrayList<>();
        for (String m : wanted) {
            tables.add(table(m, caller, period, security));
        }
        String stem = "siyu-report-" + period.first() + "-" + period.last();
        boolean zip = format == null ? tables.size() > 1 : format.equals("zip");
        if (zip) {
            return Response.ok(zip(tables), "application/zip")
                    .header("Content-Disposition", "attachment; filename=\"" + stem + ".zip\"").build();
        }
        String name = tables.size() == 1 ? "siyu-" + tables.get(0).id() + "-" + period.first() + "-" + period.last()
                : stem;
        return Response.ok(csv(tables), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"").build();
    }

    Table table(String module, Caller caller, Period period, SecurityContext security) {
        String title = MODULES.get(module);
        List<List<Object>> rows = new ArrayList<>();
        switch (module) {
            case "new-customers" -> {
                Map<LocalDate, Long> perDay = analytics.newPerDay(caller, period);
                for (LocalDate d = period.first(); !d.isAfter(period.last()); d = d.plusDays(1)) {
                    rows.add(List.of(d.toString(), perDay.getOrDefault(d, 0L)));
                }
                return new Table(module, title, List.of("date", "new_customers"), rows);
            }
            case "relationships" -> {
                AnalyticsResource.RelationshipsJson r = analytics.relationships(null, period.first().toString(),
                        period.last().toString(), security);
                r.perDay().forEach(d -> rows.add(List.of(d.date(), d.gained(), d.gainedCustomers(), d.lost(),
                        d.lostCustomers(), d.net())));
                rows.add(List.of("total", r.gained(), "", r.lost(), "", r.net()));
                return new Table(module, title, List.of("date", "gained", "gained_customers", "lost", "lost_customers",
                        "net"), rows);
            }
            case "loop", "loop-by-channel" -> {
                String by = module.equals("loop") ? "entryPoint" : "sourceChannel";
                AnalyticsResource.LoopJson l = analytics.loop(null, period.first().toString(), period.last().toString(),
                        by, security);
                l.rows().forEach(r -> rows.add(loopRow(r.key(), r.stages())));
                rows.add(loopRow("total", l.total()));
                List<String> header = new ArrayList<>(List.of(by));
                header.addAll(l.stageNames());
                return new Table(module, title, header, rows);
            }
            case "channel-codes" -> {
                AnalyticsResource.ChannelCodesJson c = analytics.channelCodes(null, period.first().toString(),
                        period.last().toString(), security);
                c.codes().forEach(x -> {
                    List<Object> row = new ArrayList<>(List.of(x.code().id(), x.code().name(), x.code().channel(),
                            x.code().state(), x.attributed()));
                    row.addAll(loopRow("", x.loop()).subList(1, 6));
                    rows.add(row);
                });
                return new Table(module, title, List.of("id", "name", "channel", "state", "attributed", "leads",
                        "settled", "reached", "converted", "repurchased"), rows);
            }
            case "layers" -> {
                AnalyticsResource.CustomerFiguresJson f = analytics.customers(1, security);
                f.layers().forEach(x -> rows.add(List.of(x.key(), x.count())));
                rows.add(List.of("total", f.indexed()));
                return new Table(module, title, List.of("layer", "customers"), rows);
            }
            case "mass-sends" -> {
                massSends(caller, period, rows);
                return new Table(module, title, List.of("id", "name", "state", "channel", "created_at", "recipients",
                        "delivered", "failed", "cancelled"), rows);
            }
            default -> {
                Dashboards.DashboardJson d = analytics.dashboard(module.substring("dashboard.".length()), null,
                        period.first().toString(), period.last().toString(), security);
                dashboardRows(d, rows);
                return new Table(module, d.name(), List.of("widget", "title", "type", "key", "name", "metric", "value"),
                        rows);
            }
        }
    }

    private static List<Object> loopRow(String key, AnalyticsResource.StagesJson s) {
        return List.of(key, s.leads(), s.settled(), s.reached(), s.converted(), s.repurchased());
    }

    /** A dashboard in long form: one line per figure, so every widget type fits one table. */
    static void dashboardRows(Dashboards.DashboardJson d, List<List<Object>> rows) {
        for (Dashboards.WidgetJson w : d.widgets()) {
            if (w.problem() != null) {
                rows.add(List.of(w.id(), w.title(), w.type(), "", "", "problem", w.problem().detail()));
                continue;
            }
            if (w.value() != null) {
                rows.add(List.of(w.id(), w.title(), w.type(), "", "", "count", w.value()));
            }
            if (w.stages() != null) {
                w.stages().forEach(s -> rows.add(List.of(w.id(), w.title(), w.type(), s.stage(), "", "reached", s.reached())));
            }
            if (w.points() != null) {
                w.points().forEach(p -> rows.add(List.of(w.id(), w.title(), w.type(), p.date(), "", "events", p.events())));
            }
            if (w.rows() != null) {
                for (Dashboards.RowJson r : w.rows()) {
                    if (r.values() == null) {
                        rows.add(List.of(w.id(), w.title(), w.type(), r.key(), "", "customers", r.count()));
                    } else {
                        r.values().forEach((metric, v) -> rows.add(List.of(w.id(), w.title(), w.type(), r.key(),
                                r.name() == null ? "" : r.name(), metric, v)));
                    }
                }
            }
            if (w.total() != null && w.stages() == null) {
                rows.add(List.of(w.id(), w.title(), w.type(), "total", "", w.points() != null ? "events" : "customers",
                        w.total()));
            }
        }
    }

    private void massSends(Caller caller, Period period, List<List<Object>> rows) {
        MassSendService sends = services.massSends();
        Instant start = period.start();
        Instant end = period.end();
        // Newest first: stop at the first one older than the period.
        for (int offset = 0; offset < MAX_SENDS;) {
            Page<MassSend> page = sends.list(caller, new PageRequest(offset, PageRequest.MAX_LIMIT));
            for (MassSend m : page.items()) {
                if (m.createdAt().isBefore(start)) {
                    return;
                }
                if (!m.createdAt().isBefore(end)) {
                    continue;
                }
                MassSendProgress p = m.state() == MassSendState.QUEUED ? sends.progress(caller, m.id()) : null;
                rows.add(List.of(m.id(), m.name(), m.state().name().toLowerCase(Locale.ROOT),
                        m.channelType() + "/" + m.channelAccount(), m.createdAt().toString(),
                        p == null ? "" : p.total(), p == null ? "" : p.delivered() + p.confirmed(),
                        p == null ? "" : p.failed(), p == null ? "" : p.cancelled()));
            }
            offset += page.items().size();
            if (page.items().isEmpty() || !page.hasMore()) {
                return;
            }
        }
    }

    static byte[] csv(List<Table> tables) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            w.write('\uFEFF'); // spreadsheet programs read UTF-8 (Chinese names) only with the BOM
            boolean sections = tables.size() > 1;
            for (int i = 0; i < tables.size(); i++) {
                if (sections) {
                    if (i > 0) {
                        w.write("\r\n");
                    }
                    w.write(cell("# " + tables.get(i).id() + ": " + tables.get(i).title()) + "\r\n");
                }
                write(tables.get(i), w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] zip(List<Table> tables) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Table t : tables) {
                zip.putNextEntry(new ZipEntry(t.id() + ".csv"));
                zip.write(csv(List.of(t)));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(Table t, Writer w) throws IOException {
        w.write(String.join(",", t.header().stream().map(ReportResource::cell).toList()) + "\r\n");
        for (List<Object> row : t.rows()) {
            w.write(String.join(",", row.stream().map(v -> v instanceof Number ? v.toString() : cell(String.valueOf(v)))
                    .toList()) + "\r\n");
        }
    }

    /**
     * RFC 4180 quoting; text that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed
     * with an apostrophe, since names in reports (channel codes, staff) are typed by users.
     */
    static String cell(String text) {
        String s = text;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
