package io.siyu.core.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.SiyuException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentService;
import io.siyu.api.org.Caller;
import io.siyu.api.org.OrgService;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An edition's demo content library, {@code SIYU-INF/demo/contents.json}: texts and scripts made by
 * one demo staff member and, where the entry says so, approved by another, through the content
 * service, so maker-checker and the compliance checks apply as for anyone. A bad entry is reported
 * and skipped.
 */
public final class DemoContents {
    static final String RESOURCE = "SIYU-INF/demo/contents.json";

    /**
     * @param kind {@code text} (a message) or {@code script} (话术)
     * @param maker a demo staff id, or {@code system}
     * @param checker who approves it; null leaves it pending review
     */
    record Entry(String kind, String title, Set<String> labels, String ownerUnitId, String text, String maker,
            String checker) {
    }

    private DemoContents() {
    }

    /** @return how many items were stored */
    public static int load(InputStream json, ContentService contents, OrgService org, Consumer<String> problems) throws IOException {
        List<Entry> entries = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(json, new com.fasterxml.jackson.core.type.TypeReference<List<Entry>>() { });
        int stored = 0;
        for (Entry e : entries) {
            try {
                Caller maker = "system".equals(e.maker()) ? Caller.SYSTEM : org.callerFor(e.maker(), Set.of("siyu-operator"));
                boolean script = "script".equals(e.kind());
                long id = contents.create(maker, new ContentDraft(script ? ContentKind.SCRIPT : ContentKind.TEXT, e.title(),
                        e.labels(), e.ownerUnitId(), script ? new ContentBody.Script(e.text())
                                : new ContentBody.Message(MessageContent.Text.of(e.text())))).id();
                contents.submit(maker, id);
                if (e.checker() != null) {
                    contents.approve(org.callerFor(e.checker(), Set.of("siyu-operator")), id, "演示数据");
                }
                stored++;
            } catch (SiyuException | IllegalArgumentException | NullPointerException bad) {
                problems.accept("content '" + e.title() + "': " + bad.getMessage());
            }
        }
        return stored;
    }
}
