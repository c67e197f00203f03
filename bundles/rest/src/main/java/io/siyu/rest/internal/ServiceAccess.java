package io.siyu.rest.internal;

import io.siyu.api.UnavailableException;
import io.siyu.api.backup.BackupService;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityService;
import io.siyu.api.customer.ImportService;
import io.siyu.api.customer.TagService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.segment.SegmentService;
import io.siyu.api.system.SystemService;

/**
 * The core services as the resources see them. Services may come and go (the store is being
 * switched, core is updated); a missing one is a 503 for that request, never a broken API.
 */
final class ServiceAccess {
    volatile SystemService system;
    volatile CustomerService customers;
    volatile TagService tags;
    volatile EventService events;
    volatile ConsentService consents;
    volatile SegmentService segments;
    volatile IdentityService identities;
    volatile AttributeSchemaService attributes;
    volatile BackupService backup;
    volatile ImportService imports;
    volatile io.siyu.api.channel.Outbox outbox;
    volatile io.siyu.api.channel.ChannelRegistry channels;
    volatile io.siyu.api.channel.ChannelCodeService channelCodes;
    volatile io.siyu.api.channel.ChannelSyncService channelSync;
    volatile io.siyu.api.channel.ChannelOperations channelOperations;
    volatile io.siyu.api.policy.TouchPolicy policy;
    volatile io.siyu.api.policy.CheckedSends checkedSends;
    volatile io.siyu.api.masssend.MassSendService massSends;
    volatile io.siyu.api.sop.SopService sops;
    volatile io.siyu.api.org.StaffTaskService tasks;
    volatile io.siyu.api.followup.FollowUpService followUps;
    volatile io.siyu.api.org.OrgService org;
    volatile io.siyu.api.content.ContentService contents;
    volatile io.siyu.api.audit.AuditLog audit;
    volatile io.siyu.api.edition.EditionRegistry editions;
    volatile io.siyu.api.edition.EditionPresets editionPresets;
    volatile io.siyu.api.analytics.CustomerAnalytics analytics;
    volatile io.siyu.api.analytics.ChannelStatistics channelStatistics;
    /** Karaf has installed its boot features; before that, bundles may still be refreshed. */
    volatile boolean booted;

    SystemService system() {
        return require(system, "system");
    }

    CustomerService customers() {
        return require(customers, "customer");
    }

    TagService tags() {
        return require(tags, "tag");
    }

    EventService events() {
        return require(events, "event");
    }

    SegmentService segments() {
        return require(segments, "segment");
    }

    ConsentService consents() {
        return require(consents, "consent");
    }

    IdentityService identities() {
        return require(identities, "identity");
    }

    AttributeSchemaService attributes() {
        return require(attributes, "attribute schema");
    }

    BackupService backup() {
        return require(backup, "backup");
    }

    ImportService imports() {
        return require(imports, "import");
    }

    io.siyu.api.channel.Outbox outbox() {
        return require(outbox, "outbox");
    }

    /** The outbox if it runs; for views that show it when they can. */
    io.siyu.api.channel.Outbox outboxOrNull() {
        return outbox;
    }

    io.siyu.api.channel.ChannelRegistry channels() {
        return require(channels, "channel registry");
    }

    io.siyu.api.channel.ChannelCodeService channelCodes() {
        return require(channelCodes, "channel code");
    }

    io.siyu.api.channel.ChannelSyncService channelSync() {
        return require(channelSync, "channel sync");
    }

    io.siyu.api.channel.ChannelOperations channelOperations() {
        return require(channelOperations, "channel operations");
    }

    io.siyu.api.policy.TouchPolicy policy() {
        return require(policy, "touch policy");
    }

    io.siyu.api.policy.CheckedSends checkedSends() {
        return require(checkedSends, "touch policy");
    }

    io.siyu.api.masssend.MassSendService massSends() {
        return require(massSends, "mass send");
    }

    io.siyu.api.sop.SopService sops() {
        return require(sops, "SOP");
    }

    io.siyu.api.org.OrgService org() {
        return require(org, "org");
    }

    io.siyu.api.org.StaffTaskService tasks() {
        return require(tasks, "staff task");
    }

    io.siyu.api.followup.FollowUpService followUps() {
        return require(followUps, "follow-up");
    }

    io.siyu.api.edition.EditionRegistry editions() {
        return require(editions, "edition registry");
    }

    io.siyu.api.edition.EditionPresets editionPresets() {
        return require(editionPresets, "edition presets");
    }

    /** The preset service if it runs (it needs a store); edition content is readable without it. */
    io.siyu.api.edition.EditionPresets editionPresetsOrNull() {
        return editionPresets;
    }

    io.siyu.api.analytics.CustomerAnalytics analytics() {
        return require(analytics, "analytics");
    }

    io.siyu.api.analytics.ChannelStatistics channelStatistics() {
        return require(channelStatistics, "channel statistics");
    }

    io.siyu.api.content.ContentService contents() {
        return require(contents, "content");
    }

    io.siyu.api.audit.AuditLog audit() {
        return require(audit, "audit log");
    }

    /** The audit log if it runs; exports record into it when they can. */
    io.siyu.api.audit.AuditLog auditOrNull() {
        return audit;
    }

    private static <T> T require(T service, String name) {
        if (service == null) {
            throw new UnavailableException("the " + name + " service is not running (is a store installed? see /siyu/api/v1/health)");
        }
        return service;
    }
}
