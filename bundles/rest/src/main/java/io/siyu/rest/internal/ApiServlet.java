package io.siyu.rest.internal;

import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityService;
import io.siyu.api.customer.ImportService;
import io.siyu.api.customer.TagService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.segment.SegmentService;
import io.siyu.api.system.SystemService;
import java.time.Clock;
import javax.servlet.Servlet;
import org.apache.karaf.features.BootFinished;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import org.glassfish.jersey.inject.hk2.Hk2InjectionManagerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The REST API: one Jersey application on the HTTP whiteboard. Resources are registered one by one
 * (no package scanning in OSGi) and reach core services through {@link ServiceAccess}, so services
 * can come and go while the servlet stays.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + ApiServlet.PATTERN,
        "osgi.http.whiteboard.servlet.name=siyu-api"})
public final class ApiServlet extends ServletContainer {
    static final String PATTERN = "/siyu/api/v1/*";
    static final String REALM = "karaf";
    private static final long serialVersionUID = 1L;

    private final transient ServiceAccess services;

    public ApiServlet() {
        this(new ServiceAccess(), new RealmAuthenticator(REALM, Clock.systemUTC()));
    }

    private ApiServlet(ServiceAccess services, RealmAuthenticator authenticator) {
        super(application(services, authenticator));
        this.services = services;
    }

    static ResourceConfig application(ServiceAccess services, RealmAuthenticator authenticator) {
        ResourceConfig config = new ResourceConfig()
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new JsonConfig())
                .register(new AuthFilter(authenticator::authenticate, user -> services.org().callerFor(user.name(), user.roles())))
                .register(new ScriptClientChallenge())
                .register(new HealthResource(services))
                .register(new CustomerResource(services))
                .register(new TagResource(services))
                .register(new TagGroupResource(services))
                .register(new EventResource(services))
                .register(new ConsentResource(services))
                .register(new SegmentResource(services))
                .register(new AttributeResource(services))
                .register(new BackupResource(services))
                .register(new ImportResource(services))
                .register(new OutboxResource(services))
                .register(new OutboxResource.MessageResource(services))
                .register(new ChannelResource(services))
                .register(new ChannelCodeResource(services))
                .register(new ChannelSyncResource(services))
                .register(new ChannelOperationsResource(services))
                .register(new PolicyResource(services))
                .register(new MassSendResource(services))
                .register(new TaskResource(services))
                .register(new FollowUpResource(services))
                .register(new OrgResource(services))
                .register(new EditionResource(services))
                .register(new ContentResource(services))
                .register(new ComplianceResource(services))
                .register(new AuditResource(services))
                .register(new AnalyticsResource(services))
                .register(new ChannelStatsResource(services))
                .register(new ReportResource(services))
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        MergeResources.all(services).forEach(config::register);
        SopResources.all(services).forEach(config::register);
        ProblemMappers.all().forEach(config::register);
        return config;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Jersey looks up its InjectionManagerFactory (in jersey-hk2) through the context class
        // loader while it starts; the OSGi registry it also consults can miss bundles that resolved
        // before it was hooked up, so make jersey-hk2's services visible directly.
        thread.setContextClassLoader(new JerseyClassLoader(ApiServlet.class.getClassLoader(),
                Hk2InjectionManagerFactory.class.getClassLoader()));
        try {
            super.init(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSystem(SystemService s) {
        services.system = s;
    }

    void unbindSystem(SystemService s) {
        if (services.system == s) {
            services.system = null;
        }
    }

    /** Registered by Karaf once every boot feature is installed: only then is the node really up. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindBootFinished(BootFinished finished) {
        services.booted = true;
    }

    void unbindBootFinished(BootFinished finished) {
        services.booted = false;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCustomers(CustomerService s) {
        services.customers = s;
    }

    void unbindCustomers(CustomerService s) {
        if (services.customers == s) {
            services.customers = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEvents(EventService s) {
        services.events = s;
    }

    void unbindEvents(EventService s) {
        if (services.events == s) {
            services.events = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindConsents(ConsentService s) {
        services.consents = s;
    }

    void unbindConsents(ConsentService s) {
        if (services.consents == s) {
            services.consents = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSegments(SegmentService s) {
        services.segments = s;
    }

    void unbindSegments(SegmentService s) {
        if (services.segments == s) {
            services.segments = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindTags(TagService s) {
        services.tags = s;
    }

    void unbindTags(TagService s) {
        if (services.tags == s) {
            services.tags = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindIdentities(IdentityService s) {
        services.identities = s;
    }

    void unbindIdentities(IdentityService s) {
        if (services.identities == s) {
            services.identities = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAttributes(AttributeSchemaService s) {
        services.attributes = s;
    }

    void unbindAttributes(AttributeSchemaService s) {
        if (services.attributes == s) {
            services.attributes = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindBackup(io.siyu.api.backup.BackupService s) {
        services.backup = s;
    }

    void unbindBackup(io.siyu.api.backup.BackupService s) {
        if (services.backup == s) {
            services.backup = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindImports(ImportService s) {
        services.imports = s;
    }

    void unbindImports(ImportService s) {
        if (services.imports == s) {
            services.imports = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindOutbox(io.siyu.api.channel.Outbox s) {
        services.outbox = s;
    }

    void unbindOutbox(io.siyu.api.channel.Outbox s) {
        if (services.outbox == s) {
            services.outbox = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindChannels(io.siyu.api.channel.ChannelRegistry s) {
        services.channels = s;
    }

    void unbindChannels(io.siyu.api.channel.ChannelRegistry s) {
        if (services.channels == s) {
            services.channels = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindChannelCodes(io.siyu.api.channel.ChannelCodeService s) {
        services.channelCodes = s;
    }

    void unbindChannelCodes(io.siyu.api.channel.ChannelCodeService s) {
        if (services.channelCodes == s) {
            services.channelCodes = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindChannelSync(io.siyu.api.channel.ChannelSyncService s) {
        services.channelSync = s;
    }

    void unbindChannelSync(io.siyu.api.channel.ChannelSyncService s) {
        if (services.channelSync == s) {
            services.channelSync = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindChannelOperations(io.siyu.api.channel.ChannelOperations s) {
        services.channelOperations = s;
    }

    void unbindChannelOperations(io.siyu.api.channel.ChannelOperations s) {
        if (services.channelOperations == s) {
            services.channelOperations = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindPolicy(io.siyu.api.policy.TouchPolicy s) {
        services.policy = s;
    }

    void unbindPolicy(io.siyu.api.policy.TouchPolicy s) {
        if (services.policy == s) {
            services.policy = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCheckedSends(io.siyu.api.policy.CheckedSends s) {
        services.checkedSends = s;
    }

    void unbindCheckedSends(io.siyu.api.policy.CheckedSends s) {
        if (services.checkedSends == s) {
            services.checkedSends = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSops(io.siyu.api.sop.SopService s) {
        services.sops = s;
    }

    void unbindSops(io.siyu.api.sop.SopService s) {
        if (services.sops == s) {
            services.sops = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindMassSends(io.siyu.api.masssend.MassSendService s) {
        services.massSends = s;
    }

    void unbindMassSends(io.siyu.api.masssend.MassSendService s) {
        if (services.massSends == s) {
            services.massSends = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindTasks(io.siyu.api.org.StaffTaskService s) {
        services.tasks = s;
    }

    void unbindTasks(io.siyu.api.org.StaffTaskService s) {
        if (services.tasks == s) {
            services.tasks = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindFollowUps(io.siyu.api.followup.FollowUpService s) {
        services.followUps = s;
    }

    void unbindFollowUps(io.siyu.api.followup.FollowUpService s) {
        if (services.followUps == s) {
            services.followUps = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindOrg(io.siyu.api.org.OrgService s) {
        services.org = s;
    }

    void unbindOrg(io.siyu.api.org.OrgService s) {
        if (services.org == s) {
            services.org = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEditions(io.siyu.api.edition.EditionRegistry s) {
        services.editions = s;
    }

    void unbindEditions(io.siyu.api.edition.EditionRegistry s) {
        if (services.editions == s) {
            services.editions = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAnalytics(io.siyu.api.analytics.CustomerAnalytics s) {
        services.analytics = s;
    }

    void unbindAnalytics(io.siyu.api.analytics.CustomerAnalytics s) {
        if (services.analytics == s) {
            services.analytics = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindChannelStatistics(io.siyu.api.analytics.ChannelStatistics s) {
        services.channelStatistics = s;
    }

    void unbindChannelStatistics(io.siyu.api.analytics.ChannelStatistics s) {
        if (services.channelStatistics == s) {
            services.channelStatistics = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEditionPresets(io.siyu.api.edition.EditionPresets s) {
        services.editionPresets = s;
    }

    void unbindEditionPresets(io.siyu.api.edition.EditionPresets s) {
        if (services.editionPresets == s) {
            services.editionPresets = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindContents(io.siyu.api.content.ContentService s) {
        services.contents = s;
    }

    void unbindContents(io.siyu.api.content.ContentService s) {
        if (services.contents == s) {
            services.contents = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAudit(io.siyu.api.audit.AuditLog s) {
        services.audit = s;
    }

    void unbindAudit(io.siyu.api.audit.AuditLog s) {
        if (services.audit == s) {
            services.audit = null;
        }
    }
}
