package io.siyu.core.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.SiyuException;
import io.siyu.api.org.Caller;
import io.siyu.api.org.OrgService;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Staff;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An edition's demo org, {@code SIYU-INF/demo/org.json}: units (parents first) and staff, put
 * through the org service so they are checked like any other. A bad entry is reported and skipped.
 */
public final class DemoOrg {
    static final String RESOURCE = "SIYU-INF/demo/org.json";

    record UnitJson(String id, String parentId, String name, String kind) {
    }

    record StaffJson(String id, String name, String orgUnitId, Set<String> positions, Set<String> roleIds,
            String wecomUserId) {
    }

    record OrgJson(List<UnitJson> units, List<StaffJson> staff) {
    }

    private DemoOrg() {
    }

    /** @return how many units and staff were stored */
    public static int load(InputStream json, OrgService org, Consumer<String> problems) throws IOException {
        OrgJson file = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(json, OrgJson.class);
        int stored = 0;
        for (UnitJson u : file.units() == null ? List.<UnitJson>of() : file.units()) {
            try {
                org.putUnit(Caller.SYSTEM, new OrgUnit(u.id(), u.parentId(), u.name(), u.kind()));
                stored++;
            } catch (SiyuException e) {
                problems.accept("unit " + u.id() + ": " + e.getMessage());
            }
        }
        for (StaffJson s : file.staff() == null ? List.<StaffJson>of() : file.staff()) {
            try {
                org.putStaff(Caller.SYSTEM, new Staff(s.id(), s.name(), s.orgUnitId(), s.positions(), s.roleIds(),
                        s.wecomUserId(), true));
                stored++;
            } catch (SiyuException e) {
                problems.accept("staff " + s.id() + ": " + e.getMessage());
            }
        }
        return stored;
    }
}
