package io.siyu.shell.internal;

import io.siyu.api.segment.ConditionCodec;
import io.siyu.api.sop.SopInstance;
import io.siyu.api.sop.SopStep;
import io.siyu.api.sop.SopTrigger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How the SOP commands print triggers, steps and states. */
final class Sops {
    private Sops() {
    }

    static String trigger(SopTrigger t) {
        if (t instanceof SopTrigger.Event e) {
            return "event " + e.eventType() + (e.filters().isEmpty() ? "" : " " + e.filters());
        }
        if (t instanceof SopTrigger.SegmentEntered s) {
            return "enters segment " + s.segmentId();
        }
        if (t instanceof SopTrigger.DateAttribute d) {
            return (d.yearly() ? "every year on " : "on ") + d.attribute()
                    + (d.offsetDays() == 0 ? "" : (d.offsetDays() > 0 ? " +" : " ") + d.offsetDays() + "d") + " at " + d.time();
        }
        SopTrigger.Schedule s = (SopTrigger.Schedule) t;
        return "schedule '" + s.cron() + "' " + s.zone() + (s.audience() == null ? "" : " for " + json(ConditionCodec.toTree(s.audience())));
    }

    /** The steps as an indented outline, branches' sides below them. */
    static void printSteps(List<SopStep> steps, String indent, StringBuilder out) {
        for (SopStep s : steps) {
            out.append(indent).append(s.id()).append(": ").append(step(s)).append('\n');
            if (s instanceof SopStep.Branch b) {
                out.append(indent).append("  then:\n");
                printSteps(b.then(), indent + "    ", out);
                out.append(indent).append("  otherwise:\n");
                printSteps(b.otherwise(), indent + "    ", out);
            }
        }
    }

    private static String step(SopStep s) {
        if (s instanceof SopStep.Wait w) {
            return "wait " + w.duration();
        }
        if (s instanceof SopStep.WaitUntil w) {
            return "wait until " + w.time();
        }
        if (s instanceof SopStep.WaitForEvent w) {
            return "wait for " + w.eventType() + (w.filters().isEmpty() ? "" : " " + w.filters()) + " or " + w.timeout();
        }
        if (s instanceof SopStep.Branch b) {
            return "if " + json(ConditionCodec.toTree(b.condition()));
        }
        return json(io.siyu.api.sop.SopCodec.actionTree(((SopStep.Perform) s).action()));
    }

    static String state(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static String when(SopInstance i) {
        return i.wakeAt() == null ? "" : i.wakeAt().toString();
    }

    /** Compact JSON of maps, lists and scalars, for one-line display. */
    static String json(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> json(String.valueOf(e.getKey())) + ":" + json(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Sops::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
        return String.valueOf(v);
    }
}
