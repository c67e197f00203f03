package io.siyu.channel.sandbox.oa;

import io.siyu.channel.sandbox.ProviderServlet;
import java.time.Clock;
import java.util.List;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Official Account simulator on the HTTP whiteboard, so an account configured with
 * {@code apiBase = http://localhost:8181/siyu/sandbox/wechat-oa} talks to it. Runs with the
 * defaults of {@link OaSandboxConfiguration} until PID {@value #PID} says otherwise.
 */
@Component(service = Servlet.class, configurationPid = OaSandboxServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                "osgi.http.whiteboard.servlet.pattern=" + OaSandboxServlet.PATTERN,
                "osgi.http.whiteboard.servlet.name=siyu-sandbox-wechat-oa"})
@Designate(ocd = OaSandboxConfiguration.class)
public final class OaSandboxServlet extends ProviderServlet {
    public static final String PID = "io.siyu.channel.sandbox.oa";
    /** Where {@link io.siyu.channel.sandbox.SandboxServer} tests mount it too, so paths read the same. */
    public static final String MOUNT = "wechat-oa";
    static final String PATTERN = "/siyu/sandbox/" + MOUNT + "/*";
    private static final long serialVersionUID = 1L;

    @Activate
    void activate(OaSandboxConfiguration c) {
        start(new OaSimulator(config(c, System.getProperty("karaf.data")), Clock.systemUTC()));
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    static OaSandboxConfig config(OaSandboxConfiguration c, String dataDir) {
        return new OaSandboxConfig(c.appId(), c.appSecret(), c.originalId(), c.token(), c.encodingAesKey(),
                OaSandboxConfig.AccountType.of(c.accountType()), c.massPerMonth(), c.tokenTtlSeconds(),
                c.callsPerMinute(), c.templateIds() == null ? List.of() : List.of(c.templateIds()), c.callbackUrl(),
                c.jobFinishDelayMillis(), stateFile(c.stateFile(), dataDir));
    }
}
