package io.siyu.core.internal.sop;

import io.siyu.api.sop.SopStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of one SOP version, navigable by id. An instance remembers only its current step id;
 * "what comes next" is the next sibling, or, at the end of a branch side, whatever follows the
 * branch, up to the end of the SOP.
 */
final class StepTree {
    private record Place(SopStep step, List<SopStep> siblings, int index, String parentBranch) {
    }

    private final List<SopStep> steps;
    private final Map<String, Place> places = new HashMap<>();

    StepTree(List<SopStep> steps) {
        this.steps = steps;
        index(steps, null);
    }

    private void index(List<SopStep> list, String parent) {
        for (int i = 0; i < list.size(); i++) {
            SopStep s = list.get(i);
            places.put(s.id(), new Place(s, list, i, parent));
            if (s instanceof SopStep.Branch b) {
                index(b.then(), b.id());
                index(b.otherwise(), b.id());
            }
        }
    }

    String first() {
        return steps.get(0).id();
    }

    /** Null if the id is not in this version. */
    SopStep step(String id) {
        Place p = places.get(id);
        return p == null ? null : p.step();
    }

    /** The step after this one (leaving finished branches), or null at the end of the SOP. */
    String after(String id) {
        Place p = places.get(id);
        while (p != null) {
            if (p.index() + 1 < p.siblings().size()) {
                return p.siblings().get(p.index() + 1).id();
            }
            p = p.parentBranch() == null ? null : places.get(p.parentBranch());
        }
        return null;
    }

    /** Where a branch goes: the first step of the chosen side, or past the branch if that side is empty. */
    String enter(SopStep.Branch branch, boolean then) {
        List<SopStep> side = then ? branch.then() : branch.otherwise();
        return side.isEmpty() ? after(branch.id()) : side.get(0).id();
    }

    /** Every step, branches' sides included. */
    Iterable<SopStep> all() {
        return places.values().stream().map(Place::step).toList();
    }
}
