package io.siyu.channel.sandbox.smsaliyun;

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
 * The Aliyun SMS simulator on the HTTP whiteboard, so an account configured with
 * {@code endpoint = http://localhost:8181/siyu/sandbox/sms-aliyun} talks to it. Runs with the
 * defaults of {@link AliyunSmsSandboxConfiguration} until PID {@value #PID} says otherwise.
 */
@Component(service = Servlet.class, configurationPid = AliyunSmsSandboxServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                "osgi.http.whiteboard.servlet.pattern=" + AliyunSmsSandboxServlet.PATTERN,
                "osgi.http.whiteboard.servlet.name=siyu-sandbox-sms-aliyun"})
@Designate(ocd = AliyunSmsSandboxConfiguration.class)
public final class AliyunSmsSandboxServlet extends ProviderServlet {
    public static final String PID = "io.siyu.channel.sandbox.smsaliyun";
    public static final String MOUNT = "sms-aliyun";
    static final String PATTERN = "/siyu/sandbox/" + MOUNT + "/*";
    private static final long serialVersionUID = 1L;

    @Activate
    void activate(AliyunSmsSandboxConfiguration c) {
        start(new AliyunSmsSimulator(config(c, System.getProperty("karaf.data")), Clock.systemUTC()));
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    static AliyunSmsSandboxConfig config(AliyunSmsSandboxConfiguration c, String dataDir) {
        return new AliyunSmsSandboxConfig(c.accessKeyId(), c.accessKeySecret(),
                c.signNames() == null ? List.of() : List.of(c.signNames()),
                c.templateCodes() == null ? List.of() : List.of(c.templateCodes()), c.callsPerSecond(),
                c.maxSkewSeconds(), c.callbackUrl(), c.reportDelayMillis(), stateFile(c.stateFile(), dataDir));
    }
}
