package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.edition.EditionRole;
import io.siyu.api.edition.OperatingModel;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EditionResourceTest {
    @Test
    void aRoleShowsWhatItGrantsNowAndUnderEachModel() throws Exception {
        EditionRole role = new EditionRole("branch-manager", "分行负责人", "",
                new EditionRole.Grant(Set.of(Permission.CUSTOMER_READ), DataScope.UNIT_SUBTREE),
                Map.of("manager-led", new EditionRole.Grant(Set.of(Permission.CUSTOMER_READ, Permission.CONTENT_APPROVE),
                        DataScope.UNIT_SUBTREE)));
        List<OperatingModel> models = List.of(new OperatingModel("hq-direct", "总行直营", ""),
                new OperatingModel("manager-led", "客户经理管护 + 分行统筹", ""));
        String json = new ObjectMapper().writeValueAsString(EditionResource.RoleJson.of(role, "manager-led", models));
        assertEquals("{\"id\":\"branch-manager\",\"name\":\"分行负责人\",\"permissions\":[\"content.approve\",\"customer.read\"],"
                + "\"scope\":\"unit_subtree\",\"byModel\":{\"hq-direct\":{\"permissions\":[\"customer.read\"],"
                + "\"scope\":\"unit_subtree\"},\"manager-led\":{\"permissions\":[\"content.approve\",\"customer.read\"],"
                + "\"scope\":\"unit_subtree\"}}}", json);
    }
}
