package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ValidationException;
import io.siyu.api.org.TaskState;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopState;
import io.siyu.api.sop.SopStep;
import io.siyu.api.sop.SopTrigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SopResourcesTest {
    @Test
    void aDefinitionIsItsCodecFormWithIdVersionAndState() {
        Map<String, Object> json = SopResources.json(new SopDefinition(7, 2, "Welcome",
                new SopTrigger.Event("contact.added", Map.of("channelCode", "store-a")),
                List.of(new SopStep.Wait("settle", Duration.ofMinutes(5))), SopState.ACTIVE));
        assertEquals(7L, json.get("id"));
        assertEquals(2, json.get("version"));
        assertEquals("active", json.get("state"));
        assertEquals("Welcome", json.get("name"));
        assertEquals(Map.of("type", "event", "eventType", "contact.added", "filters", Map.of("channelCode", "store-a")),
                json.get("trigger"));
        assertEquals(List.of(Map.of("id", "settle", "type", "wait", "duration", "PT5M")), json.get("steps"));
    }

    @Test
    void statesAreReadInAnyCaseAndUnknownOnesNameTheParameter() {
        assertEquals(SopInstanceState.WAITING, SopResources.state("Waiting"));
        assertNull(SopResources.state(""));
        assertEquals("state", assertThrows(ValidationException.class, () -> SopResources.state("sleeping"))
                .errors().get(0).field());
        assertEquals(TaskState.OPEN, TaskResource.state("open"));
        assertEquals("state", assertThrows(ValidationException.class, () -> TaskResource.state("late"))
                .errors().get(0).field());
    }
}
