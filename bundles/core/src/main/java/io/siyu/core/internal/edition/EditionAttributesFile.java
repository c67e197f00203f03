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

    record Entry(String name, String label, String type, List<String> allowedValues, String description) {
    }

    private EditionAttributesFile() {
    }

    /** @throws IOException if the file is not a JSON array of entries */
    public static List<AttributeDefinition> read(InputStream in, String editionId, Consumer<String> problems) throws IOException {
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
            try {
                out.add(AttributeRules.check(new AttributeDraft(e.name(), e.label(), type, e.allowedValues(), e.description()),
                        AttributeOrigin.edition(editionId)));
            } catch (ValidationException invalid) {
                problems.accept("entry " + i + " (" + e.name() + "): " + invalid.getMessage());
            }
        }
        return out;
    }
}
