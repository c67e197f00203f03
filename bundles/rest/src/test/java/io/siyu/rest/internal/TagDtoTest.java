package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ValidationException;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
import io.siyu.rest.internal.TagDto.BulkInput;
import io.siyu.rest.internal.TagDto.RuleJson;
import io.siyu.rest.internal.TagDto.TagInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagDtoTest {
    @Test
    void bulkActionIsRequiredAndIsAddOrRemoveInAnyCase() {
        assertEquals(TagAction.REMOVE, new BulkInput(List.of(1L), null, " Remove ").tagAction());
        assertEquals("action", assertThrows(ValidationException.class,
                () -> new BulkInput(List.of(1L), null, null).tagAction()).errors().get(0).field());
        assertEquals("action", assertThrows(ValidationException.class,
                () -> new BulkInput(List.of(1L), null, "toggle").tagAction()).errors().get(0).field());
    }

    @Test
    void tagInputCarriesKindAndRuleAndNamesABadKind() {
        TagDefinitionDraft d = new TagInput("来源", null, "渠道X", "AUTO", null, null, null,
                new RuleJson("contact.added", "channelCode", "X", null, 30)).toDraft();
        assertEquals(TagKind.AUTO, d.kind());
        assertEquals(new TagRule("contact.added", "channelCode", "X", 1, 30), d.rule());
        assertEquals("kind", assertThrows(ValidationException.class,
                () -> new TagInput("g", null, "n", "secret", null, null, null, null).toDraft()).errors().get(0).field());
    }
}
