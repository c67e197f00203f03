package io.siyu.api.edition;

import java.util.Objects;

/**
 * An installed edition as declared by its bundle: {@code Siyu-Edition: retail;name="Retail";
 * description="…"}.
 */
public record EditionDescriptor(String id, String name, String description, String version, long bundleId) {
    /** The manifest header that makes a bundle an edition. */
    public static final String HEADER = "Siyu-Edition";

    public EditionDescriptor {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
        description = description == null ? "" : description;
        Objects.requireNonNull(version, "version");
    }
}
