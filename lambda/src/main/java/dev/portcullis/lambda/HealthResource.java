package dev.portcullis.lambda;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.eclipse.microprofile.health.spi.HealthCheckResponseProvider;

/**
 * MicroProfile Health through the Lambda handler: {@code /health}, {@code /health/live}, {@code /health/ready} and
 * {@code /health/started}, answered from the same {@code HealthCheck} beans and in the same JSON as Helidon's health
 * endpoints on its web server, which API Gateway cannot reach. Registered only in the Lambda application (on the
 * server Helidon's own endpoints answer these paths). Carries no security annotation: the guard does not run for it,
 * and it needs no session.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public final class HealthResource {

    private static final System.Logger LOG = System.getLogger(HealthResource.class.getName());
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private final List<HealthCheck> liveness;
    private final List<HealthCheck> readiness;
    private final List<HealthCheck> startup;

    /**
     * Whether the application serves MicroProfile Health: an implementation of its API is there (Helidon's, with
     * {@code helidon-microprofile-health}). Without one no check can build its answer, and Helidon serves no health
     * endpoints on its server either.
     *
     * @return whether to answer the health paths
     */
    static boolean served() {
        return ServiceLoader.load(HealthCheckResponseProvider.class, HealthResource.class.getClassLoader()).findFirst().isPresent();
    }

    /**
     * The checks as Helidon's health extension finds them: {@code HealthCheck} beans by their kind's qualifier. For
     * Jersey, once (a singleton).
     */
    public HealthResource() {
        this(CDI.current());
    }

    private HealthResource(Instance<Object> beans) {
        this.liveness = beans.select(HealthCheck.class, Liveness.Literal.INSTANCE).stream().toList();
        this.readiness = beans.select(HealthCheck.class, Readiness.Literal.INSTANCE).stream().toList();
        this.startup = beans.select(HealthCheck.class, Startup.Literal.INSTANCE).stream().toList();
    }

    /**
     * Every check: liveness, readiness and start-up.
     *
     * @return 200 when all are up, else 503; the MicroProfile Health JSON
     */
    @GET
    public Response all() {
        List<HealthCheck> all = new ArrayList<>(liveness);
        all.addAll(readiness);
        all.addAll(startup);
        return answer(all);
    }

    /**
     * The liveness checks.
     *
     * @return 200 when all are up, else 503; the MicroProfile Health JSON
     */
    @GET
    @Path("live")
    public Response live() {
        return answer(liveness);
    }

    /**
     * The readiness checks: each enabled provider's discovery and signing keys.
     *
     * @return 200 when all are up, else 503; the MicroProfile Health JSON
     */
    @GET
    @Path("ready")
    public Response ready() {
        return answer(readiness);
    }

    /**
     * The start-up checks.
     *
     * @return 200 when all are up, else 503; the MicroProfile Health JSON
     */
    @GET
    @Path("started")
    public Response started() {
        return answer(startup);
    }

    private static Response answer(List<HealthCheck> checks) {
        boolean up = true;
        JsonArrayBuilder results = JSON.createArrayBuilder();
        for (HealthCheck check : checks) {
            HealthCheckResponse response = call(check);
            up &= response.getStatus() == HealthCheckResponse.Status.UP;
            JsonObjectBuilder result = JSON.createObjectBuilder()
                    .add("name", response.getName())
                    .add("status", response.getStatus().name());
            response.getData().filter(data -> !data.isEmpty()).ifPresent(data -> {
                JsonObjectBuilder values = JSON.createObjectBuilder();
                data.forEach((key, value) -> {
                    switch (value) {
                        case Boolean b -> values.add(key, b);
                        case Long l -> values.add(key, l);
                        default -> values.add(key, String.valueOf(value));
                    }
                });
                result.add("data", values);
            });
            results.add(result);
        }
        String body = JSON.createObjectBuilder()
                .add("status", up ? "UP" : "DOWN")
                .add("checks", results)
                .build()
                .toString();
        CacheControl noCache = new CacheControl();
        noCache.setNoCache(true);
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(noCache)
                .header("X-Content-Type-Options", "nosniff")
                .entity(body)
                .build();
    }

    /** A check that throws is down; its exception stays in the log, out of the answer. */
    private static HealthCheckResponse call(HealthCheck check) {
        try {
            return check.call();
        } catch (RuntimeException e) {
            String name = check.getClass().getSimpleName();
            LOG.log(Level.WARNING, "health check {0} failed: {1}", name, e.getClass().getName());
            return HealthCheckResponse.down(name);
        }
    }
}
