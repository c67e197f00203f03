package io.siyu.store.internal;

import io.siyu.api.customer.MergeStrategies;
import io.siyu.api.customer.MergeStrategy;
import io.siyu.store.internal.MergeProfile.Attr;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses the merged profile's attributes and display name. Attribute rows carry no timestamps, so
 * {@link MergeStrategy#MOST_RECENT} compares the profiles' {@code updatedAt} and
 * {@link MergeStrategy#OLDEST} their {@code createdAt}; ties go to the survivor, and a value always
 * beats an absent one.
 */
final class AttributeMerge {
    private AttributeMerge() {
    }

    static Map<String, Attr> attributes(MergeProfile survivor, MergeProfile other, MergeStrategies strategies) {
        Map<String, Attr> out = new TreeMap<>(survivor.attributes());
        other.attributes().forEach((name, theirs) -> {
            Attr mine = survivor.attributes().get(name);
            out.put(name, mine == null ? theirs : choose(strategies.strategyFor(name), survivor, mine, other, theirs));
        });
        return out;
    }

    static Attr choose(MergeStrategy strategy, MergeProfile survivor, Attr mine, MergeProfile other, Attr theirs) {
        return switch (strategy) {
            case MOST_RECENT -> other.updatedAt().isAfter(survivor.updatedAt()) ? theirs : mine;
            case OLDEST -> other.createdAt().isBefore(survivor.createdAt()) ? theirs : mine;
            case FIRST_NON_EMPTY -> mine.empty() && !theirs.empty() ? theirs : mine;
        };
    }

    /**
     * The survivor keeps its name, unless Siyu made it up from an identity ("访客 v-1", a phone
     * number) and the other profile has a name a person gave it.
     */
    static String displayName(MergeProfile survivor, MergeProfile other) {
        return survivor.generatedName() && !other.generatedName() ? other.name() : survivor.name();
    }
}
