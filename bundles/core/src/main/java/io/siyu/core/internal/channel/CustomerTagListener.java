package io.siyu.core.internal.channel;

import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.org.Caller;
import java.util.List;

/**
 * Told when the tag service puts a tag on or takes it off customers (by hand, in bulk, by a channel
 * code), on the calling thread after the change is stored: return quickly. The named customers are
 * those asked for, whether or not they already were as asked.
 */
public interface CustomerTagListener {
    void tagged(Caller caller, TagDefinition tag, TagAction action, List<Long> customerIds);
}
