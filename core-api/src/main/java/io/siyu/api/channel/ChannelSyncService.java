package io.siyu.api.channel;

import io.siyu.api.org.Caller;
import java.time.Instant;

/**
 * Keeps Siyu and a channel account's provider in step: corp tags both ways (pulled into tag groups
 * and enterprise tags by their {@code externalId}, Siyu's unsynced enterprise tags pushed; tags put
 * on or taken off customers marked at the provider) and the provider's contacts imported as customers.
 * {@code channel} is "type/account" of a running channel.
 */
public interface ChannelSyncService {
    /**
     * Pulls the provider's tags, then pushes Siyu's enterprise tags it lacks.
     *
     * @throws io.siyu.api.ValidationException on {@code channel} when it is not running or has no corp tags
     * @throws ChannelCallException when the provider refuses
     */
    TagSyncResult syncTags(Caller caller, String channel);

    /**
     * The provider says its tags changed (WeCom {@code change_external_tag}): pull them soon, in the
     * background. Never blocks, never throws; repeated calls while a pull waits are one pull.
     */
    void tagsChanged(String channel);

    /**
     * Starts importing the provider's contacts in the background.
     *
     * @throws io.siyu.api.ValidationException on {@code channel} when it is not running or lists no contacts
     * @throws io.siyu.api.ConflictException while a sync of the same channel runs
     */
    ContactSyncJob startContactSync(Caller caller, String channel);

    /** @throws io.siyu.api.NotFoundException for a job this node does not know */
    ContactSyncJob contactSyncJob(Caller caller, String jobId);

    /**
     * @param groupsCreated Siyu tag groups made for provider groups
     * @param tagsCreated Siyu tags made for provider tags
     * @param linked Siyu groups and tags of the same name that got the provider's id
     * @param pushed Siyu enterprise tags created at the provider
     * @param skipped tags not pushed (the provider's limit) or not pulled (a name clash); see the log
     */
    record TagSyncResult(String channel, int groupsCreated, int tagsCreated, int linked, int pushed, int skipped) {
        public int created() {
            return groupsCreated + tagsCreated;
        }
    }

    enum JobState {
        RUNNING,
        DONE,
        FAILED
    }

    /**
     * Progress of a contact sync; counts are contacts.
     *
     * @param created new customers
     * @param linked existing customers (found by unionid) that got the WeCom identity
     * @param updated customers that got an identity, attribute or tag they lacked
     * @param unchanged customers that already had it all
     * @param failed contacts that could not be read or stored; see {@code message} and the log
     */
    record ContactSyncJob(String id, String channel, JobState state, int staffTotal, int staffDone, int contactsSeen,
            int created, int linked, int updated, int unchanged, int failed, String message, Instant startedAt,
            Instant finishedAt) {
    }
}
