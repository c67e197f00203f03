package io.siyu.api.edition;

import java.util.Objects;

/**
 * One way an edition can be run, chosen per installation: the bank's {@code hq-direct} (总行直营),
 * {@code manager-led} (客户经理管护 + 分行统筹) and {@code branch-managed} (分行统筹经营). The model
 * decides what each of the edition's roles may do and on which customers; switching it keeps every
 * piece of data.
 *
 * @since 1.2
 */
public record OperatingModel(String id, String name, String description) {
    public OperatingModel {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
        description = description == null ? "" : description;
    }
}
