package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.ImportProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one CSV record into a validated customer draft, or into problems naming the row and the
 * column: the same checks as a customer create (CustomerValidator), with field paths mapped back
 * to the columns they came from. Empty cells are left out.
 */
final class ImportRows {
    private final ImportColumns columns;
    private final Map<String, AttributeDefinition> schema;
    private final ImportTags tags;
    private final boolean createTags;

    ImportRows(ImportColumns columns, Map<String, AttributeDefinition> schema, ImportTags tags, boolean createTags) {
        this.columns = columns;
        this.schema = schema;
        this.tags = tags;
        this.createTags = createTags;
    }

    /** The canonical draft of the row, or null after adding every problem of the row to {@code problems}. */
    CustomerDraft convert(long row, List<String> cells, List<ImportProblem> problems) {
        int before = problems.size();
        List<ImportColumns.Column> cols = columns.columns();
        if (cells.size() > cols.size()) {
            problems.add(new ImportProblem(row, "", "the row has " + cells.size() + " fields but the header has "
                    + cols.size() + " columns"));
            return null;
        }
        String name = null;
        List<ChannelIdentity> identities = new ArrayList<>();
        List<String> identityColumns = new ArrayList<>();
        Set<Long> tagIds = new LinkedHashSet<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            ImportColumns.Column column = cols.get(i);
            String value = cells.get(i).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (column.kind()) {
                case DISPLAY_NAME -> name = value;
                case IDENTITY -> {
                    identities.add(new ChannelIdentity(column.identityType(), column.namespace(), value));
                    identityColumns.add(column.header());
                }
                case TAGS -> tags(row, column.header(), value, tagIds, problems);
                case ATTRIBUTE -> attributes.put(column.attribute().name(), cell(column.attribute(), value));
                default -> throw new IllegalStateException(column.kind().name());
            }
        }
        try {
            CustomerDraft draft = CustomerValidator.validate(new CustomerDraft(name, identities, tagIds, attributes),
                    schema, Map.of());
            return problems.size() == before ? draft : null;
        } catch (ValidationException invalid) {
            for (FieldError e : invalid.errors()) {
                problems.add(new ImportProblem(row, column(e.field(), identityColumns), e.message()));
            }
            return null;
        }
    }

    private void tags(long row, String header, String value, Set<Long> tagIds, List<ImportProblem> problems) {
        for (String tag : value.split(";")) {
            String t = tag.strip();
            if (t.isEmpty()) {
                continue;
            }
            int slash = t.indexOf('/');
            String group = slash > 0 ? t.substring(0, slash).strip() : "";
            String tagName = slash > 0 ? t.substring(slash + 1).strip() : "";
            if (group.isEmpty() || tagName.isEmpty()) {
                problems.add(new ImportProblem(row, header, "'" + t + "' is not group/name"));
            } else if (group.length() > TagServiceImpl.MAX_NAME || tagName.length() > TagServiceImpl.MAX_NAME) {
                problems.add(new ImportProblem(row, header, "'" + t + "': group and name must be at most "
                        + TagServiceImpl.MAX_NAME + " characters (WeCom's limit)"));
            } else {
                Long id = tags.resolve(group, tagName, createTags);
                if (id == null) {
                    problems.add(new ImportProblem(row, header, "unknown tag '" + t
                            + "'; create it first or import with createTags=true"));
                } else {
                    tagIds.add(id);
                }
            }
        }
    }

    /** The column a validator field path came from: identities[2].value → identity:email, attributes.x → attr:x. */
    private static String column(String field, List<String> identityColumns) {
        if (field.startsWith("identities[")) {
            int end = field.indexOf(']');
            try {
                return identityColumns.get(Integer.parseInt(field.substring("identities[".length(), end)));
            } catch (RuntimeException notAnIndex) {
                return "identities";
            }
        }
        if (field.startsWith("attributes.")) {
            return "attr:" + field.substring("attributes.".length());
        }
        if (field.equals("tagIds")) {
            return "tags";
        }
        return field;
    }

    /** CSV cells are text: numbers and booleans are parsed for attributes of those types, the rest stays text. */
    static Object cell(AttributeDefinition definition, String text) {
        if (definition == null) {
            return text;
        }
        try {
            return switch (definition.type()) {
                case INTEGER -> Long.valueOf(text);
                case DECIMAL -> new BigDecimal(text);
                case BOOLEAN -> text.equalsIgnoreCase("true") ? Boolean.TRUE
                        : text.equalsIgnoreCase("false") ? Boolean.FALSE : text;
                default -> text;
            };
        } catch (NumberFormatException notANumber) {
            return text; // validation names the attribute and the type it wants
        }
    }
}
