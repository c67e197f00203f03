package io.siyu.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.backup.BackupSummary;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * manifest.json of an archive: what wrote it (format, schema and Siyu versions, database kind,
 * time) and, per table, its file, columns, row count and SHA-256, so a reader can tell a complete
 * archive from a damaged one before touching the database.
 */
record BackupManifest(int formatVersion, int schemaVersion, String siyuVersion, Instant createdAt,
        String sourceDatabase, List<TableEntry> tables) {
    static final String ENTRY = "manifest.json";
    static final String FORMAT = "siyu-backup";
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    record TableEntry(String name, String file, List<String> columns, List<String> types, long rows, String sha256) {
    }

    /** The manifest could not be read; the message says why, in the user's terms. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    BackupSummary summary() {
        Map<String, Long> rows = new LinkedHashMap<>();
        tables.forEach(t -> rows.put(t.name(), t.rows()));
        return new BackupSummary(formatVersion, schemaVersion, siyuVersion, createdAt, rows);
    }

    byte[] toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", formatVersion);
        root.put("schemaVersion", schemaVersion);
        root.put("siyuVersion", siyuVersion);
        root.put("createdAt", createdAt.toString());
        root.put("sourceDatabase", sourceDatabase);
        ArrayNode list = root.putArray("tables");
        for (TableEntry t : tables) {
            ObjectNode n = list.addObject();
            n.put("name", t.name());
            n.put("file", t.file());
            t.columns().forEach(n.putArray("columns")::add);
            t.types().forEach(n.putArray("types")::add);
            n.put("rows", t.rows());
            n.put("sha256", t.sha256());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    static BackupManifest read(InputStream in) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new Invalid("manifest.json is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new Invalid("manifest.json does not describe a Siyu backup (format must be \"" + FORMAT + "\")");
        }
        try {
            List<TableEntry> tables = new ArrayList<>();
            for (JsonNode n : required(root, "tables")) {
                List<String> columns = new ArrayList<>();
                required(n, "columns").forEach(c -> columns.add(c.asText()));
                List<String> types = new ArrayList<>();
                n.path("types").forEach(c -> types.add(c.asText()));
                tables.add(new TableEntry(required(n, "name").asText(), required(n, "file").asText(), columns, types,
                        required(n, "rows").asLong(), required(n, "sha256").asText()));
            }
            return new BackupManifest(required(root, "formatVersion").asInt(), required(root, "schemaVersion").asInt(),
                    required(root, "siyuVersion").asText(), Instant.parse(required(root, "createdAt").asText()),
                    root.path("sourceDatabase").asText("unknown"), tables);
        } catch (DateTimeParseException e) {
            throw new Invalid("manifest.json has an invalid createdAt: " + e.getParsedString());
        }
    }

    private static JsonNode required(JsonNode n, String field) throws Invalid {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid("manifest.json lacks \"" + field + "\"");
        }
        return v;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
