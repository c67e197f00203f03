package io.siyu.rest.internal;

import io.siyu.api.system.Health;
import io.siyu.api.system.HealthStatus;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Open to everyone (load balancers, the launcher); 503 when DOWN so probes need not parse JSON. */
@Path("health")
public final class HealthResource {
    static final String STARTING = "starting: Karaf is still installing its boot features";

    private final ServiceAccess services;

    HealthResource(ServiceAccess services) {
        this.services = services;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        Health h = services.system().health();
        if (!services.booted && h.status() == HealthStatus.UP) {
            h = new Health(HealthStatus.DOWN, h.version(), h.edition(), h.store(), h.channels(), STARTING);
        }
        return Response.status(h.status() == HealthStatus.UP ? 200 : 503).entity(h).build();
    }
}
