package io.siyu.api.sop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.org.StaffTask;
import io.siyu.api.policy.TouchScenario;
import io.siyu.api.segment.Condition;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SopCodecTest {
    static final SopDraft EVERYTHING = new SopDraft("Everything",
            new SopTrigger.Event("contact.added", Map.of("channelCode", "store-a", "weight", new BigDecimal("2"))),
            List.of(new SopStep.Wait("w", Duration.ofMinutes(5)),
                    new SopStep.WaitUntil("morning", LocalTime.of(9, 30)),
                    new SopStep.WaitForEvent("order", "order", Map.of(), Duration.ofDays(2)),
                    new SopStep.Branch("vip", new Condition.Tags(Condition.TagMatch.ANY, Set.of(7L)),
                            List.of(new SopStep.Perform("send", new SopAction.SendMessage("wecom", "main",
                                    MessageKind.DIRECT, new MessageContent.Text("Hi {name}",
                                            List.of(new Attachment.Link("Shop", "https://shop", null, null))),
                                    TouchScenario.AFTER_SALES))),
                            List.of(new SopStep.Perform("tpl", new SopAction.SendMessage("wechat-oa", "main",
                                    MessageKind.TEMPLATE, new MessageContent.Template("T1", Map.of("1", "x"), null, null),
                                    null)))),
                    new SopStep.Perform("tags", new SopAction.ChangeTags(Set.of(1L), Set.of(2L))),
                    new SopStep.Perform("attr", new SopAction.SetAttribute("occupation", "teacher")),
                    new SopStep.Perform("task", new SopAction.CreateTask(StaffTask.Kind.CALL, "Call", "Say hi",
                            Duration.ofHours(4), StaffTask.Priority.HIGH)),
                    new SopStep.Perform("invite", new SopAction.InviteToGroup("wecom", "main", "wr1")),
                    new SopStep.Perform("hook", new SopAction.CallWebhook(URI.create("https://crm.example/hook")))));

    @Test
    void everyTriggerStepAndActionSurvivesTheRoundTrip() {
        assertEquals(EVERYTHING, SopCodec.fromTree(SopCodec.toTree(EVERYTHING)));
        for (SopTrigger t : List.of(new SopTrigger.SegmentEntered(3),
                new SopTrigger.DateAttribute("birthday", -1, true, LocalTime.of(9, 0)),
                new SopTrigger.Schedule("0 0 9 ? * MON", ZoneId.of("Asia/Shanghai"),
                        new Condition.Tags(Condition.TagMatch.ALL, Set.of(4L))))) {
            SopDraft d = new SopDraft("x", t, List.of(new SopStep.Wait("w", Duration.ofMinutes(1))));
            assertEquals(d, SopCodec.fromTree(SopCodec.toTree(d)));
        }
    }

    @Test
    void enumsReadInAnyCaseAndDefaultsApply() {
        SopDraft d = SopCodec.fromTree(Map.of("name", "x",
                "trigger", Map.of("type", "dateAttribute", "attribute", "birthday"),
                "steps", List.of(Map.of("id", "t", "type", "perform", "action",
                        Map.of("type", "createTask", "title", "Call", "kind", "Follow-Up")))));
        SopTrigger.DateAttribute t = assertInstanceOf(SopTrigger.DateAttribute.class, d.trigger());
        assertEquals(LocalTime.of(9, 0), t.time());
        SopAction.CreateTask task = (SopAction.CreateTask) ((SopStep.Perform) d.steps().get(0)).action();
        assertEquals(StaffTask.Kind.FOLLOW_UP, task.kind());
        assertEquals(StaffTask.Priority.NORMAL, task.priority());
    }

    @Test
    void badInputNamesEveryBadFieldByPath() {
        ValidationException e = assertThrows(ValidationException.class, () -> SopCodec.fromTree(Map.of(
                "name", " ",
                "trigger", Map.of("type", "telepathy"),
                "steps", List.of(
                        Map.of("id", "a", "type", "wait", "duration", "5 minutes"),
                        Map.of("id", "b", "type", "perform", "action", Map.of("type", "sendMessage", "channel", "wecom",
                                "kind", "group", "text", "hi")),
                        Map.of("id", "a", "type", "waitUntil", "time", "09:00")))));
        assertEquals(List.of("name", "steps[0].duration", "steps[1].action.channel", "trigger.type"),
                e.errors().stream().map(FieldError::field).sorted().toList());
        ValidationException twice = assertThrows(ValidationException.class, () -> SopCodec.fromTree(Map.of(
                "name", "x", "trigger", Map.of("type", "event", "eventType", "order"),
                "steps", List.of(Map.of("id", "a", "type", "wait", "duration", "PT1M"),
                        Map.of("id", "a", "type", "waitUntil", "time", "09:00")))));
        assertEquals("steps", twice.errors().get(0).field());
        ValidationException group = assertThrows(ValidationException.class, () -> SopCodec.fromTree(Map.of(
                "name", "x", "trigger", Map.of("type", "event", "eventType", "order"),
                "steps", List.of(Map.of("id", "b", "type", "perform", "action", Map.of("type", "sendMessage",
                        "channel", "wecom/main", "kind", "group", "text", "hi"))))));
        assertEquals("steps[0].action.kind", group.errors().get(0).field());
    }
}
