package io.siyu.channel.sandbox.wecom;

import io.siyu.channel.sandbox.ProviderServlet;
import java.time.Clock;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The WeCom simulator on the HTTP whiteboard, so an account configured with
 * {@code apiBase = http://localhost:8181/siyu/sandbox/wecom} talks to it. Runs with the defaults
 * of {@link SandboxConfiguration} until PID {@value #PID} says otherwise.
 */
@Component(service = Servlet.class, configurationPid = WeComSandboxServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                "osgi.http.whiteboard.servlet.pattern=" + WeComSandboxServlet.PATTERN,
                "osgi.http.whiteboard.servlet.name=siyu-sandbox-wecom"})
@Designate(ocd = SandboxConfiguration.class)
public final class WeComSandboxServlet extends ProviderServlet {
    public static final String PID = "io.siyu.channel.sandbox";
    static final String PATTERN = "/siyu/sandbox/wecom/*";
    private static final long serialVersionUID = 1L;

    @Activate
    void activate(SandboxConfiguration c) {
        start(new WeComSimulator(config(c, System.getProperty("karaf.data")), Clock.systemUTC()));
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    static WeComSandboxConfig config(SandboxConfiguration c, String dataDir) {
        return new WeComSandboxConfig(c.corpId(), c.corpSecret(), c.token(), c.encodingAesKey(), c.agentId(),
                c.tokenTtlSeconds(), c.callsPerMinute(), c.massQuotaPerDay(), c.callbackUrl(),
                stateFile(c.stateFile(), dataDir));
    }
}
