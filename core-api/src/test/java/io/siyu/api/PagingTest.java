package io.siyu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void hasMoreWhileItemsRemainAfterThePage() {
        assertTrue(new Page<>(List.of("a", "b"), 5, 0, 2).hasMore());
        assertTrue(new Page<>(List.of("c", "d"), 5, 2, 2).hasMore());
        assertFalse(new Page<>(List.of("e"), 5, 4, 2).hasMore());
        assertFalse(new Page<>(List.of(), 0, 0, 20).hasMore());
    }

    @Test
    void pageCopiesItsItems() {
        List<String> items = new ArrayList<>(List.of("a"));
        Page<String> page = new Page<>(items, 1, 0, 1);
        items.add("b");
        assertEquals(List.of("a"), page.items());
    }

    @Test
    void pageRequestNamesTheBadField() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new PageRequest(0, PageRequest.MAX_LIMIT + 1));
        assertEquals("limit", e.errors().get(0).field());
        assertThrows(ValidationException.class, () -> new PageRequest(-1, 10));
    }
}
