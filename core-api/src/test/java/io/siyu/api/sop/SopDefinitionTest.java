package io.siyu.api.sop;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.StaffTask;
import io.siyu.api.policy.TouchScenario;
import io.siyu.api.segment.Condition;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SopDefinitionTest {
    private static final SopTrigger ADDED_BY_CODE = new SopTrigger.Event(EventTypes.CONTACT_ADDED,
            Map.of(EventTypes.CHANNEL_CODE, "store-01"));
    private static final SopAction WELCOME_TAG = new SopAction.ChangeTags(Set.of(1L), null);

    private static SopStep send(String id) {
        return new SopStep.Perform(id, new SopAction.SendMessage("wecom", "main", MessageKind.DIRECT,
                MessageContent.Text.of("Thanks for visiting!"), TouchScenario.IDLE_MOMENT));
    }

    @Test
    void aWelcomeSopIsWellFormed() {
        SopDraft draft = new SopDraft("Store welcome", ADDED_BY_CODE, List.of(
                new SopStep.Perform("tag", WELCOME_TAG),
                new SopStep.WaitForEvent("reply", EventTypes.MESSAGE_IN, null, Duration.ofDays(2)),
                new SopStep.Branch("replied", new Condition.EventCount(EventTypes.MESSAGE_IN, 1, 2),
                        List.of(new SopStep.Perform("task", new SopAction.CreateTask(StaffTask.Kind.FOLLOW_UP,
                                "Follow up", "Ask how the product works for them", Duration.ofHours(4), null))),
                        List.of(new SopStep.WaitUntil("at10", LocalTime.of(10, 0)), send("nudge")))));
        SopDefinition def = new SopDefinition(7, 1, draft.name(), draft.trigger(), draft.steps(), SopState.DRAFT);
        assertEquals(3, def.steps().size());
    }

    @Test
    void stepIdsAreUniqueAcrossBranches() {
        SopStep branch = new SopStep.Branch("b", new Condition.InSegment(3), List.of(send("s1")), null);
        ValidationException e = assertThrows(ValidationException.class,
                () -> new SopDraft("dup", ADDED_BY_CODE, List.of(send("s1"), branch)));
        assertEquals("steps", e.errors().get(0).field());
        assertThrows(ValidationException.class,
                () -> new SopStep.Branch("b", new Condition.InSegment(3), List.of(send("x")), List.of(send("x"))));
        assertThrows(ValidationException.class,
                () -> new SopStep.Branch("b", new Condition.InSegment(3), List.of(send("b")), null));
        assertThrows(ValidationException.class, () -> new SopStep.Perform("has space", WELCOME_TAG));
    }

    @Test
    void definitionsNeedStepsAndAVersion() {
        assertThrows(ValidationException.class, () -> new SopDraft("empty", ADDED_BY_CODE, List.of()));
        assertThrows(ValidationException.class,
                () -> new SopDefinition(1, 0, "v0", ADDED_BY_CODE, List.of(send("s")), SopState.DRAFT));
        assertThrows(ValidationException.class, () -> new SopStep.Wait("w", Duration.ZERO));
        assertThrows(ValidationException.class,
                () -> new SopStep.Branch("b", new Condition.InSegment(3), List.of(), null));
    }

    @Test
    void actionsCheckTheirArguments() {
        assertThrows(ValidationException.class, () -> new SopAction.ChangeTags(Set.of(1L, 2L), Set.of(2L)));
        assertThrows(ValidationException.class, () -> new SopAction.ChangeTags(null, null));
        assertThrows(ValidationException.class, () -> new SopAction.SendMessage("wecom", "main", MessageKind.GROUP,
                MessageContent.Text.of("hi"), null));
        assertThrows(ValidationException.class, () -> new SopAction.CallWebhook(URI.create("file:///etc/passwd")));
        assertDoesNotThrow(() -> new SopAction.CallWebhook(URI.create("https://crm.example.com/hook")));
    }

    @Test
    void instanceStateAndTimersAgree() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class,
                () -> new SopInstance(1, 7, 1, 42L, SopInstanceState.WAITING, "reply", null, t, t, null));
        assertThrows(IllegalArgumentException.class,
                () -> new SopInstance(1, 7, 1, 42L, SopInstanceState.FAILED, "nudge", null, t, t, null));
        assertThrows(IllegalArgumentException.class,
                () -> new SopInstance(1, 7, 1, 42L, SopInstanceState.RUNNING, null, null, t, t, null));
        assertDoesNotThrow(() -> new SopInstance(1, 7, 1, 42L, SopInstanceState.COMPLETED, null, null, t, t, null));
    }
}
