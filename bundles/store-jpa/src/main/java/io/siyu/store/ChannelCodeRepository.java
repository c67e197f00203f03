package io.siyu.store;

import io.siyu.api.channel.ChannelCodeInfo;
import java.util.List;
import java.util.Optional;

/** Channel codes (schema version 12). */
public interface ChannelCodeRepository {
    /**
     * Stores a code; {@code id} of the argument is ignored.
     *
     * @throws io.siyu.api.ConflictException if its name or state is taken
     */
    ChannelCodeInfo insert(ChannelCodeInfo code);

    List<ChannelCodeInfo> list();

    Optional<ChannelCodeInfo> find(long id);

    Optional<ChannelCodeInfo> findByState(String state);

    boolean delete(long id);
}
