package io.siyu.store;

import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tags. Each method is one transaction. */
public interface TagRepository {
    /** @throws io.siyu.api.ConflictException if the group already has a tag of that name */
    Tag insert(TagDraft draft, Instant now);

    List<Tag> list();

    Optional<Tag> find(long id);

    /** Deletes the tag and takes it off every customer; false if there was no such tag. */
    boolean delete(long id, Instant now);
}
