package io.siyu.core.internal.edition;

import io.siyu.api.edition.EditionDescriptor;
import java.util.HashMap;
import java.util.Map;

/** Parses {@code Siyu-Edition: retail;name="Retail";description="…"} (OSGi header syntax, one clause). */
public final class EditionHeader {
    private EditionHeader() {
    }

    public static EditionDescriptor parse(String header, String version, long bundleId) {
        Map<String, String> attributes = new HashMap<>();
        String id = null;
        int i = 0;
        int n = header.length();
        while (i <= n) {
            int start = i;
            boolean quoted = false;
            StringBuilder part = new StringBuilder();
            while (i < n && (quoted || header.charAt(i) != ';')) {
                char ch = header.charAt(i);
                if (ch == '"') {
                    quoted = !quoted;
                } else {
                    part.append(ch);
                }
                i++;
            }
            String token = part.toString().strip();
            if (start == 0) {
                id = token;
            } else {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    attributes.put(token.substring(0, eq).strip().replace(":", ""), token.substring(eq + 1).strip());
                }
            }
            i++;
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("Siyu-Edition header without an edition id: " + header);
        }
        return new EditionDescriptor(id, attributes.get("name"), attributes.get("description"), version, bundleId);
    }
}
