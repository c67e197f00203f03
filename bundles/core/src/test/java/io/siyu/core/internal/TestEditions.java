package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.OperatingModel;
import io.siyu.api.org.Caller;
import io.siyu.api.org.Role;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Active editions for tests: the given contents, none with operating models or roles. */
public final class TestEditions implements EditionRegistry {
    private final Supplier<List<EditionContent>> active;

    public TestEditions(Supplier<List<EditionContent>> active) {
        this.active = active;
    }

    public static TestEditions of(String... ids) {
        List<EditionContent> contents = java.util.Arrays.stream(ids).map(EditionContent::empty).toList();
        return new TestEditions(() -> contents);
    }

    @Override
    public List<EditionDescriptor> editions() {
        return active.get().stream().map(c -> new EditionDescriptor(c.editionId(), c.editionId(), "", "1.0.0", 7))
                .toList();
    }

    @Override
    public Optional<EditionDescriptor> find(String id) {
        return editions().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    @Override
    public List<Role> roles() {
        return List.of();
    }

    @Override
    public Optional<EditionContent> content(String id) {
        return active.get().stream().filter(c -> c.editionId().equals(id)).findFirst();
    }

    @Override
    public Optional<OperatingModel> operatingModel(String id) {
        content(id).orElseThrow(() -> new NotFoundException("edition", id));
        return Optional.empty();
    }

    @Override
    public OperatingModel switchOperatingModel(Caller caller, String id, String model) {
        content(id).orElseThrow(() -> new NotFoundException("edition", id));
        throw new ValidationException(FieldError.of("model", "edition " + id + " declares no operating models"));
    }
}
