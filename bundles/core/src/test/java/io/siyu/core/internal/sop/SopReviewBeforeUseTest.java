package io.siyu.core.internal.sop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.org.Caller;
import io.siyu.api.sop.SopCodec;
import io.siyu.api.sop.SopState;
import io.siyu.core.internal.TestStores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every message an SOP would send passes review before use when it is activated or a running one is
 * revised, nested branches included, and the refusal names the step's content by its path. A draft
 * may hold texts still in review.
 */
class SopReviewBeforeUseTest {
    static final String SOP = """
            {"name": "Maturity reminder",
             "trigger": {"type": "event", "eventType": "form.submit"},
             "steps": [
               {"id": "task", "type": "perform", "action": {"type": "createTask", "kind": "call", "title": "Call"}},
               {"id": "vip", "type": "branch", "condition": {"type": "attribute", "attribute": "region", "operator": "EQ",
                 "values": ["上海"]},
                "then": [{"id": "hello", "type": "perform", "action": {"type": "sendMessage", "channel": "wecom/main",
                          "kind": "direct", "text": "%s", "scenario": "important_reminder"}}],
                "otherwise": []}
             ]}
            """;
    static final String APPROVED = "您的理财产品将于下周到期。理财非存款，产品有风险，投资须谨慎";

    @Test
    void sendStepsNeedReviewedContentToActivateAndToReviseARunningSop() throws Exception {
        try (SopFixture f = new SopFixture(TestStores.derbyStore())) {
            List<MessageContent> asked = new ArrayList<>();
            java.util.Set<String> approved = new java.util.HashSet<>();
            f.sops.review = (caller, type, account, content, field) -> {
                asked.add(content);
                if (!(content instanceof MessageContent.Text t) || !approved.contains(t.text())) {
                    throw new ValidationException(FieldError.of(field, "not approved"));
                }
            };
            long id = f.sops.define(Caller.SYSTEM, SopCodec.fromTree(Definitions.JSON.readValue(
                    SOP.formatted(APPROVED), Object.class))).id();
            assertEquals(SopState.DRAFT, f.sops.get(Caller.SYSTEM, id).state(), "a draft may wait for its review");
            ValidationException refused = assertThrows(ValidationException.class, () -> f.sops.activate(Caller.SYSTEM, id));
            assertEquals("steps[1].then[0].action.content", refused.errors().get(0).field());
            assertEquals(SopState.DRAFT, f.sops.get(Caller.SYSTEM, id).state());

            approved.add(APPROVED);
            assertEquals(SopState.ACTIVE, f.sops.activate(Caller.SYSTEM, id).state());
            assertThrows(ValidationException.class, () -> f.sops.revise(Caller.SYSTEM, id, SopCodec.fromTree(
                    Definitions.JSON.readValue(SOP.formatted("保本高收益，快来买"), Object.class))));
            assertEquals(3, asked.size(), "one check per send step and check, the task step needs none");
        }
    }
}
