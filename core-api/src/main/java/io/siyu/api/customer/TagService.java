package io.siyu.api.customer;

import java.util.List;

/** Tag groups and tags. */
public interface TagService {
    /** Creates a tag; a duplicate group/name is a {@link io.siyu.api.ConflictException}. */
    Tag create(TagDraft draft);

    /** Every tag, ordered by group then name. */
    List<Tag> list();

    /** @throws io.siyu.api.NotFoundException if there is no such tag */
    Tag get(long id);

    /** Deletes the tag and removes it from every customer. */
    void delete(long id);
}
