package io.siyu.api.edition;

import io.siyu.api.org.Caller;
import java.util.List;
import java.util.Optional;

/** The editions whose bundles are active right now. */
@org.osgi.annotation.versioning.ProviderType
public interface EditionRegistry {
    /** Ordered by id. */
    List<EditionDescriptor> editions();

    Optional<EditionDescriptor> find(String id);

    /**
     * The roles the active editions declare, as they apply under each edition's current operating
     * model (a bank's {@code branch-manager} may approve content under one model and not another).
     * Role ids are unique across editions; core adds its own built-in roles next to these.
     *
     * @since 1.1
     */
    List<io.siyu.api.org.Role> roles();

    /**
     * What the active edition declares in its {@code SIYU-INF/} resources; empty if no such edition
     * is active.
     *
     * @since 1.2
     */
    Optional<EditionContent> content(String id);

    /**
     * The operating model in force for the edition: the one chosen and stored for every node, else
     * the edition's default. Empty if the edition declares no operating models.
     *
     * @throws io.siyu.api.NotFoundException if no such edition is active
     * @since 1.2
     */
    Optional<OperatingModel> operatingModel(String id);

    /**
     * Chooses the edition's operating model for every node; data stays as it is, and
     * {@link #roles()} follows at once on this node and within seconds on the others.
     *
     * @throws io.siyu.api.NotFoundException if no such edition is active
     * @throws io.siyu.api.ValidationException naming {@code model} if the edition has no such model
     * @throws io.siyu.api.UnavailableException while no store is running
     * @since 1.2
     */
    OperatingModel switchOperatingModel(Caller caller, String id, String model);
}
