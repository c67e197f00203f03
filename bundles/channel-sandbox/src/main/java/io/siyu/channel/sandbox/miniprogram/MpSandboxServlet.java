package io.siyu.channel.sandbox.miniprogram;

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
 * The mini-program simulator on the HTTP whiteboard, so an account configured with
 * {@code apiBase = http://localhost:8181/siyu/sandbox/miniprogram} talks to it.
 */
@Component(service = Servlet.class, configurationPid = MpSandboxServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                "osgi.http.whiteboard.servlet.pattern=" + MpSandboxServlet.PATTERN,
                "osgi.http.whiteboard.servlet.name=siyu-sandbox-miniprogram"})
@Designate(ocd = MpSandboxConfiguration.class)
public final class MpSandboxServlet extends ProviderServlet {
    public static final String PID = "io.siyu.channel.sandbox.miniprogram";
    public static final String MOUNT = "miniprogram";
    static final String PATTERN = "/siyu/sandbox/" + MOUNT + "/*";
    private static final long serialVersionUID = 1L;

    @Activate
    void activate(MpSandboxConfiguration c) {
        start(new MpSimulator(new MpSandboxConfig(c.appId(), c.appSecret(), c.tokenTtlSeconds(), c.callsPerMinute(),
                c.templateIds() == null ? List.of() : List.of(c.templateIds()),
                c.pages() == null ? List.of() : List.of(c.pages()),
                stateFile(c.stateFile(), System.getProperty("karaf.data"))), Clock.systemUTC()));
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
