package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.IdentityType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a customer CSV: {@code displayName}, {@code identity:<type>[:<namespace>]},
 * {@code tags}, {@code attr:<name>}. A column the importer would not understand is refused up
 * front, so a typo never drops a column's data silently.
 */
record ImportColumns(List<Column> columns) {
    enum Kind { DISPLAY_NAME, IDENTITY, TAGS, ATTRIBUTE }

    /** One column; {@code header} is its name in the file, used to name it in problems. */
    record Column(Kind kind, String header, IdentityType identityType, String namespace, AttributeDefinition attribute) {
    }

    static final String HINT = "columns are displayName, identity:<type> or identity:<type>:<namespace>, tags, attr:<name>";

    /**
     * @throws ValidationException naming {@code row 1, column N (<header>)} for every column it cannot use
     */
    static ImportColumns parse(List<String> header, Map<String, AttributeDefinition> schema) {
        List<FieldError> errors = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            String field = "row 1, column " + (i + 1) + " (" + name + ")";
            Column column = null;
            if (name.equals("displayName")) {
                column = new Column(Kind.DISPLAY_NAME, name, null, "", null);
            } else if (name.equals("tags")) {
                column = new Column(Kind.TAGS, name, null, "", null);
            } else if (name.startsWith("identity:")) {
                String[] parts = name.split(":", 3);
                try {
                    IdentityType type = IdentityType.fromCode(parts[1]);
                    String namespace = parts.length > 2 ? parts[2].strip() : "";
                    if (type.scoped() && namespace.isEmpty()) {
                        errors.add(FieldError.of(field, "a " + type.code() + " identity needs its corp id or app id: identity:"
                                + type.code() + ":<namespace>"));
                    } else if (!type.scoped() && !namespace.isEmpty()) {
                        errors.add(FieldError.of(field, "a " + type.code() + " identity has no namespace"));
                    } else {
                        column = new Column(Kind.IDENTITY, name, type, namespace, null);
                    }
                } catch (IllegalArgumentException unknown) {
                    errors.add(FieldError.of(field, "unknown identity type '" + parts[1] + "'; known: "
                            + String.join(", ", java.util.Arrays.stream(IdentityType.values()).map(IdentityType::code).toList())));
                }
            } else if (name.startsWith("attr:")) {
                AttributeDefinition definition = schema.get(name.substring(5));
                if (definition == null) {
                    errors.add(FieldError.of(field, "unknown attribute '" + name.substring(5)
                            + "'; define it first (POST /siyu/api/v1/attributes or siyu:attribute-define)"));
                } else {
                    column = new Column(Kind.ATTRIBUTE, name, null, "", definition);
                }
            } else {
                errors.add(FieldError.of(field, "unknown column; " + HINT));
            }
            if (column != null && !seen.add(name)) {
                errors.add(FieldError.of(field, "the column appears twice"));
            }
            columns.add(column);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new ImportColumns(List.copyOf(columns));
    }
}
