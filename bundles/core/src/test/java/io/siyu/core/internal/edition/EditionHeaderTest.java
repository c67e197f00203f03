package io.siyu.core.internal.edition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.edition.EditionDescriptor;
import org.junit.jupiter.api.Test;

class EditionHeaderTest {
    @Test
    void idNameAndDescriptionAreRead() {
        EditionDescriptor d = EditionHeader.parse("bank;name=\"Bank\";description=\"Head office; branches\"", "1.2.0", 42);
        assertEquals(new EditionDescriptor("bank", "Bank", "Head office; branches", "1.2.0", 42), d);
    }

    @Test
    void nameDefaultsToTheId() {
        assertEquals("retail", EditionHeader.parse("retail", "1.0.0", 1).name());
    }

    @Test
    void headerWithoutIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EditionHeader.parse(";name=x", "1.0.0", 1));
    }
}
