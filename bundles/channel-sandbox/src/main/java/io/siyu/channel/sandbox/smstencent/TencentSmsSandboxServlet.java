package io.siyu.channel.sandbox.smstencent;

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
 * The Tencent Cloud SMS simulator on the HTTP whiteboard, so an account configured with
 * {@code endpoint = http://localhost:8181/siyu/sandbox/sms-tencent} talks to it. Runs with the
 * defaults of {@link TencentSmsSandboxConfiguration} until PID {@value #PID} says otherwise.
 */
@Component(service = Servlet.class, configurationPid = TencentSmsSandboxServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                "osgi.http.whiteboard.servlet.pattern=" + TencentSmsSandboxServlet.PATTERN,
                "osgi.http.whiteboard.servlet.name=siyu-sandbox-sms-tencent"})
@Designate(ocd = TencentSmsSandboxConfiguration.class)
public final class TencentSmsSandboxServlet extends ProviderServlet {
    public static final String PID = "io.siyu.channel.sandbox.smstencent";
    public static final String MOUNT = "sms-tencent";
    static final String PATTERN = "/siyu/sandbox/" + MOUNT + "/*";
    private static final long serialVersionUID = 1L;

    @Activate
    void activate(TencentSmsSandboxConfiguration c) {
        start(new TencentSmsSimulator(config(c, System.getProperty("karaf.data")), Clock.systemUTC()));
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    static TencentSmsSandboxConfig config(TencentSmsSandboxConfiguration c, String dataDir) {
        return new TencentSmsSandboxConfig(c.secretId(), c.secretKey(), c.sdkAppId(),
                c.signNames() == null ? List.of() : List.of(c.signNames()),
                c.templateIds() == null ? List.of() : List.of(c.templateIds()), c.callsPerSecond(),
                c.maxSkewSeconds(), c.callbackUrl(), c.reportDelayMillis(), stateFile(c.stateFile(), dataDir));
    }
}
