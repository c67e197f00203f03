package io.siyu.core.internal.sop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentKind;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.sop.SopAction;
import io.siyu.api.sop.SopCodec;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopStep;
import io.siyu.core.internal.TestEditions;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.audit.AuditTrail;
import io.siyu.core.internal.content.ContentServiceImpl;
import io.siyu.core.internal.content.OutboundReviewImpl;
import io.siyu.core.internal.org.Authority;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An SOP's SMS step names an approved SMS template of the library by content id
 * ({@code "template":{"contentId":…,"data":{…}}}), kept as such in the stored definition; a provider
 * template by hand is refused at definition, an unapproved item at activation, on the step's path.
 */
class SopSmsTemplateTest {
    static final String SOP = """
            {"name": "验证码提醒",
             "trigger": {"type": "event", "eventType": "form.submit"},
             "steps": [{"id": "sms", "type": "perform", "action": {"type": "sendMessage", "channel": "sms-aliyun/main",
                        "kind": "template", "template": %s, "scenario": "important_reminder"}}]}
            """;

    @Test
    void smsStepsUseApprovedLibraryTemplatesByContentId() throws Exception {
        try (SopFixture f = new SopFixture(TestStores.derbyStore())) {
            f.stores.store.org().putUnit(new OrgUnit("hq", null, "总部", "head-office"), SopFixture.NOW);
            ContentServiceImpl contents = new ContentServiceImpl(f.stores.store, Authority.of(f.stores.store, List::of),
                    AuditTrail.NONE, id -> true, List::of, f.clock);
            f.sops.review = new OutboundReviewImpl(new TestEditions(List::of), contents);
            long id = contents.create(Caller.SYSTEM, new ContentDraft(ContentKind.SMS_TEMPLATE, "提醒", Set.of(), "hq",
                    new ContentBody.SmsTemplate("您预约的${item}将于明天办理", List.of("item"), "思语",
                            Map.of("sms-aliyun", "SMS_2001")))).id();
            String ref = "{\"contentId\": " + id + ", \"data\": {\"item\": \"开户\"}}";

            ValidationException raw = assertThrows(ValidationException.class, () -> f.define(SOP.formatted(
                    "{\"id\": \"SMS_2001\", \"data\": {\"item\": \"开户\"}}")));
            assertEquals("steps[0].action.content.contentId", raw.errors().get(0).field());
            SopDefinition sop = f.define(SOP.formatted(ref)); // a draft SOP may wait for its template's review
            ValidationException draft = assertThrows(ValidationException.class, () -> f.sops.activate(SopFixture.ADMIN, sop.id()));
            assertEquals("steps[0].action.content.contentId", draft.errors().get(0).field());

            contents.submit(Caller.SYSTEM, id);
            contents.approve(new Caller("checker", Set.of("siyu-admin"), null, DataScope.ALL), id, null);
            assertEquals(io.siyu.api.sop.SopState.ACTIVE, f.sops.activate(SopFixture.ADMIN, sop.id()).state());
            SopAction.SendMessage send = (SopAction.SendMessage) ((SopStep.Perform) sop.steps().get(0)).action();
            assertEquals(new MessageContent.LibraryTemplate(id, Map.of("item", "开户")), send.content());
            assertEquals(send.content(), ((SopAction.SendMessage) ((SopStep.Perform) SopCodec.fromTree(
                    SopCodec.toTree(new io.siyu.api.sop.SopDraft(sop.name(), sop.trigger(), sop.steps()))).steps().get(0)).action()).content(), "the JSON form keeps the reference");
        }
    }
}
