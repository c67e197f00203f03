package io.siyu.core.internal.edition;

import io.siyu.api.edition.EditionDescriptor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Edition resources for tests: the shipped editions from the source tree, or files given as text. */
final class Editions {
    record Read(EditionResources.Loaded loaded, List<String> problems) {
    }

    private Editions() {
    }

    static Read shipped(String edition) {
        Path dir = Path.of("..", "..", "editions", edition, "src", "main", "resources");
        List<String> problems = new ArrayList<>();
        EditionResources.Loaded l = EditionResources.load(edition, name -> {
            Path p = dir.resolve(name);
            return Files.exists(p) ? Files.newInputStream(p) : null;
        }, problems::add);
        return new Read(l, problems);
    }

    /** @param files resource name (e.g. SIYU-INF/roles.json) to content */
    static Read of(String edition, Map<String, String> files) {
        List<String> problems = new ArrayList<>();
        EditionResources.Loaded l = EditionResources.load(edition, name -> files.containsKey(name)
                ? new ByteArrayInputStream(files.get(name).getBytes(StandardCharsets.UTF_8)) : null, problems::add);
        return new Read(l, problems);
    }

    static EditionDescriptor descriptor(String id, long bundleId) {
        return new EditionDescriptor(id, id, "", "1.0.0", bundleId);
    }
}
