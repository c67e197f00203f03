package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * The channel resources share the {@code channels/{type}/{account}} prefix: each route must reach its
 * own resource (without services running every one answers 503, a wrong route 404 or 405).
 */
class ChannelRoutesTest {
    private final ServiceAccess services = new ServiceAccess();
    private final ApplicationHandler app = new ApplicationHandler(new ResourceConfig()
            .register(new ChannelResource(services)).register(new ChannelSyncResource(services))
            .register(new ChannelOperationsResource(services)).register(new ProblemMappers.Unavailable()));

    private int status(String method, String path) throws Exception {
        ContainerRequest request = new ContainerRequest(URI.create("http://x/"), URI.create("http://x/" + path), method,
                null, new org.glassfish.jersey.internal.MapPropertiesDelegate(), null);
        if (method.equals("POST")) {
            request.getHeaders().add("Content-Type", "application/json");
            request.setEntityStream(new java.io.ByteArrayInputStream("{}".getBytes()));
        }
        ContainerResponse response = app.apply(request).get();
        return response.getStatus();
    }

    @Test
    void everyChannelRouteReachesItsResource() throws Exception {
        assertEquals(503, status("GET", "channels"));
        assertEquals(503, status("GET", "channels/wecom/main"));
        assertEquals(503, status("POST", "channels/wecom/main/tag-sync"));
        assertEquals(503, status("POST", "channels/wecom/main/contact-sync"));
        assertEquals(503, status("GET", "channels/wecom/main/contact-sync/abc"));
        assertEquals(503, status("GET", "channels/wecom/main/group-chats"));
        assertEquals(503, status("POST", "channels/wecom/main/moments"));
        assertEquals(503, status("GET", "channels/wecom/main/moments/job1"));
        assertEquals(503, status("POST", "channels/wecom/main/handovers"));
        assertEquals(503, status("GET", "channels/wecom/main/handovers?handoverUserId=a&takeoverUserId=b"));
    }
}
