package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.MergeStrategies;
import io.siyu.api.customer.MergeStrategy;
import io.siyu.store.internal.MergeProfile.Attr;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttributeMergeTest {
    static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant LATE = Instant.parse("2026-06-01T00:00:00Z");

    private static MergeProfile profile(long id, String name, Instant created, Instant updated, Map<String, Attr> attrs,
            ChannelIdentity... ids) {
        return new MergeProfile(id, name, created, updated, 1, List.of(ids), Set.of(), attrs);
    }

    private static Attr text(String s) {
        return new Attr("string", s);
    }

    // survivor: created early, updated early; other: created late, updated late
    private final MergeProfile survivor = profile(1, "A", EARLY, EARLY, Map.of("city", text("上海"), "nick", text(""), "a", text("x")));
    private final MergeProfile other = profile(2, "B", LATE, LATE, Map.of("city", text("北京"), "nick", text("小王"), "b", text("y")));

    @Test
    void mostRecentTakesTheValueOfTheProfileUpdatedLast() {
        Map<String, Attr> out = AttributeMerge.attributes(survivor, other, MergeStrategies.DEFAULT);
        assertEquals(Map.of("city", text("北京"), "nick", text("小王"), "a", text("x"), "b", text("y")), out);
    }

    @Test
    void oldestTakesTheValueOfTheProfileCreatedFirst() {
        Map<String, Attr> out = AttributeMerge.attributes(survivor, other, new MergeStrategies(MergeStrategy.OLDEST, Map.of()));
        assertEquals(text("上海"), out.get("city"));
        assertEquals(text(""), out.get("nick"));
        assertEquals(text("y"), out.get("b"), "a value beats an absent one under every strategy");
    }

    @Test
    void firstNonEmptyKeepsTheSurvivorsValueUnlessItIsBlank() {
        MergeStrategies s = new MergeStrategies(MergeStrategy.FIRST_NON_EMPTY, Map.of());
        Map<String, Attr> out = AttributeMerge.attributes(survivor, other, s);
        assertEquals(text("上海"), out.get("city"));
        assertEquals(text("小王"), out.get("nick"));
    }

    @Test
    void perAttributeOverridesBeatTheDefault() {
        MergeStrategies s = new MergeStrategies(MergeStrategy.OLDEST, Map.of("nick", MergeStrategy.MOST_RECENT));
        Map<String, Attr> out = AttributeMerge.attributes(survivor, other, s);
        assertEquals(text("上海"), out.get("city"));
        assertEquals(text("小王"), out.get("nick"));
    }

    @Test
    void tiesGoToTheSurvivor() {
        MergeProfile twin = profile(3, "C", EARLY, EARLY, Map.of("city", text("广州")));
        assertEquals(text("上海"), AttributeMerge.attributes(survivor, twin, MergeStrategies.DEFAULT).get("city"));
        assertEquals(text("上海"), AttributeMerge.attributes(survivor, twin,
                new MergeStrategies(MergeStrategy.OLDEST, Map.of())).get("city"));
    }

    @Test
    void strategiesRoundTripThroughTheirSettingText() {
        MergeStrategies s = new MergeStrategies(MergeStrategy.OLDEST, Map.of("city", MergeStrategy.MOST_RECENT));
        assertEquals("*=OLDEST;city=MOST_RECENT", s.encode());
        assertEquals(s, MergeStrategies.decode(s.encode()));
        assertEquals(MergeStrategies.DEFAULT, MergeStrategies.decode(""));
    }

    @Test
    void aMadeUpNameGivesWayToAGivenOne() {
        ChannelIdentity v = ChannelIdentity.of(IdentityType.VISITOR, "v-1");
        MergeProfile visitor = profile(1, "访客 v-1", EARLY, EARLY, Map.of(), v);
        MergeProfile named = profile(2, "李雷", LATE, LATE, Map.of());
        assertTrue(visitor.generatedName());
        assertFalse(named.generatedName());
        assertEquals("李雷", AttributeMerge.displayName(visitor, named));
        assertEquals("李雷", AttributeMerge.displayName(named, visitor));
    }

    @Test
    void aKnownProfileSurvivesAVisitorOnlyOneThenTheOlderThenTheLowerId() {
        MergeProfile visitor = profile(1, "v", EARLY, EARLY, Map.of(), ChannelIdentity.of(IdentityType.VISITOR, "v"));
        MergeProfile known = profile(9, "k", LATE, LATE, Map.of(), ChannelIdentity.of(IdentityType.PHONE, "+8613800000000"));
        assertTrue(known.survivesOver(visitor));
        assertFalse(visitor.survivesOver(known));
        MergeProfile older = profile(7, "o", EARLY, LATE, Map.of());
        MergeProfile newer = profile(3, "n", LATE, LATE, Map.of());
        assertTrue(older.survivesOver(newer));
        assertFalse(newer.survivesOver(older));
        MergeProfile sameAge = profile(8, "s", EARLY, EARLY, Map.of());
        assertTrue(older.survivesOver(sameAge));
        assertFalse(sameAge.survivesOver(older));
    }
}
