package io.siyu.core.internal.edition;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import io.siyu.core.internal.AttributeRules;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads an edition's {@code SIYU-INF/attributes.json}: a JSON array of
 * {@code {"name", "label", "type", "allowedValues", "description"}} objects, {@code type} one of
 * {@link AttributeType} (any case). Entries that break the attribute rules are reported and skipped,
 * so one typo does not take the edition's other attributes away.
 */
public final class EditionAttributesFile {
    public static final String RESOURCE = "SIYU-INF/attributes.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Entry(String name, String label, String type, List<String> allowedValues, String description,
            FromEvent fromEvent) {
    }

    /** {@code "fromEvent": {"type": "points.changed", "property": "balance"}}: kept from the newest such event. */
    record FromEvent(String type, String property) {
    }

    private EditionAttributesFile() {
    }

    /** @throws IOException if the file is not a JSON array of entries */
    public static List<AttributeDefinition> read(InputStream in, String editionId, Consumer<String> problems) throws IOException {
        return read(in, editionId, problems, feed -> { });
    }

    /** @param feeds receives the attributes kept from events, once their definition is valid */
    public static List<AttributeDefinition> read(InputStream in, String editionId, Consumer<String> problems,
            Consumer<io.siyu.core.internal.AttributeFeed> feeds) throws IOException {
        List<Entry> entries = JSON.readValue(in, new TypeReference<List<Entry>>() { });
        List<AttributeDefinition> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e == null) {
                problems.accept("entry " + i + " is null");
                continue;
            }
            AttributeType type = null;
            try {
                type = e.type() == null ? null : AttributeType.valueOf(e.type().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                problems.accept("entry " + i + " (" + e.name() + "): type '" + e.type() + "' is not one of "
                        + AttributeRules.typeNames());
                continue;
            }
            if (e.fromEvent() != null && (blank(e.fromEvent().type()) || blank(e.fromEvent().property()))) {
                problems.accept("entry " + i + " (" + e.name() + "): fromEvent needs a type and a property");
                continue;
            }
            try {
                out.add(AttributeRules.check(new AttributeDraft(e.name(), e.label(), type, e.allowedValues(), e.description()),
                        AttributeOrigin.edition(editionId)));
                if (e.fromEvent() != null) {
                    feeds.accept(new io.siyu.core.internal.AttributeFeed(e.name(), e.fromEvent().type().strip(),
                            e.fromEvent().property().strip()));
                }
            } catch (ValidationException invalid) {
                problems.accept("entry " + i + " (" + e.name() + "): " + invalid.getMessage());
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
