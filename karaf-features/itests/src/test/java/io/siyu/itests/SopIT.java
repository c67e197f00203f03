package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * SOPs and staff tasks in the distribution, through REST and the console: an SOP defined as JSON,
 * activated, started by an event, making a task; the customer's SOP history; the task completed;
 * the errors a client sees for bad input and wrong states.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SopIT extends InContainer {
    private static final String SOP = """
            {"name": "IT follow-up", "trigger": {"type": "event", "eventType": "form.submit",
               "filters": {"form": "it-trial"}},
             "steps": [{"id": "tag-check", "type": "branch",
                        "condition": {"type": "attribute", "attribute": "region", "operator": "EQ", "values": ["上海"]},
                        "then": [{"id": "call", "type": "perform", "action": {"type": "createTask", "kind": "call",
                                  "title": "IT call the Shanghai lead", "script": "您好", "dueIn": "PT2H",
                                  "priority": "high"}}],
                        "otherwise": [{"id": "later", "type": "perform", "action": {"type": "createTask",
                                  "kind": "follow_up", "title": "IT follow up later"}}]}]}
            """;

    @Configuration
    public Option[] config() {
        return ExamOptions.distribution().toArray(new Option[0]);
    }

    private static long idOf(String json) {
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(json);
        assertTrue("no id in " + json, m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    public void anSopDefinedThroughRestRunsAndItsTaskIsCompletedFromTheConsole() throws Exception {
        awaitHealthy();
        HttpResponse<String> bad = asAdmin("POST", "/sops", "{\"name\":\"x\",\"trigger\":{\"type\":\"schedule\","
                + "\"cron\":\"0 0 25 * * ?\"},\"steps\":[{\"id\":\"w\",\"type\":\"wait\",\"duration\":\"soon\"}]}");
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("\"field\":\"steps[0].duration\""));

        HttpResponse<String> defined = asAdmin("POST", "/sops", SOP);
        assertEquals(defined.body(), 201, defined.statusCode());
        assertTrue(defined.body(), defined.body().contains("\"state\":\"draft\""));
        long sop = idOf(defined.body());
        HttpResponse<String> active = asAdmin("POST", "/sops/" + sop + "/activate", null);
        assertTrue(active.body(), active.body().contains("\"state\":\"active\""));

        HttpResponse<String> customer = asAdmin("POST", "/customers", "{\"displayName\":\"SOP 集成测试\","
                + "\"identities\":[{\"type\":\"phone\",\"value\":\"139 3333 4444\"}],"
                + "\"attributes\":{\"region\":\"上海\",\"ownerStaff\":\"it-staff\"}}");
        assertEquals(customer.body(), 201, customer.statusCode());
        long customerId = idOf(customer.body());
        HttpResponse<String> event = asAdmin("POST", "/events", "{\"id\":\"it-sop-1\",\"type\":\"form.submit\","
                + "\"occurredAt\":\"2026-11-20T10:15:00+08:00\",\"customerId\":" + customerId
                + ",\"properties\":{\"form\":\"it-trial\"}}");
        assertTrue(event.body(), event.statusCode() < 300);

        HttpResponse<String> tasks = eventually(Duration.ofSeconds(30),
                () -> asAdmin("GET", "/tasks?staff=it-staff&state=open", null),
                r -> r.body().contains("IT call the Shanghai lead"));
        assertTrue(tasks.body(), tasks.body().contains("\"priority\":\"high\""));
        long task = idOf(tasks.body());
        HttpResponse<String> history = eventually(Duration.ofSeconds(30),
                () -> asAdmin("GET", "/customers/" + customerId + "/sops", null),
                r -> r.body().contains("\"state\":\"completed\""));
        long instance = idOf(history.body());
        HttpResponse<String> steps = asAdmin("GET", "/instances/" + instance, null);
        assertTrue(steps.body(), steps.body().contains("\"stepId\":\"tag-check\",\"outcome\":\"then\""));
        HttpResponse<String> again = asAdmin("POST", "/instances/" + instance + "/stop", null);
        assertEquals(again.body(), 409, again.statusCode());

        String list = execute("siyu:sop-list");
        assertTrue(list, list.contains("IT follow-up") && list.contains("active"));
        String instances = execute("siyu:sop-instances -s completed " + sop);
        assertTrue(instances, instances.contains("completed"));
        String done = execute("siyu:task-complete " + task);
        assertTrue(done, done.contains("done"));
        HttpResponse<String> twice = asAdmin("POST", "/tasks/" + task + "/complete", null);
        assertEquals(twice.body(), 409, twice.statusCode());

        HttpResponse<String> paused = asAdmin("POST", "/sops/" + sop + "/pause", null);
        assertTrue(paused.body(), paused.body().contains("\"state\":\"paused\""));
        HttpResponse<String> stopped = asAdmin("POST", "/sops/" + sop + "/stop", null);
        assertTrue(stopped.body(), stopped.body().contains("\"state\":\"stopped\""));
        HttpResponse<String> revived = asAdmin("POST", "/sops/" + sop + "/activate", null);
        assertEquals(revived.body(), 409, revived.statusCode());
    }
}
