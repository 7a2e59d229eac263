package dev.portcullis.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.ColdStartWarmUp;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.helidon.PortcullisCdiExtension;

import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.services.lambda.runtime.Context;
import io.helidon.common.context.Contexts;
import io.helidon.microprofile.cdi.HelidonContainer;
import io.helidon.microprofile.server.JaxRsCdiExtension;
import jakarta.enterprise.inject.se.SeContainer;
import org.eclipse.microprofile.config.Config;

/**
 * The application on Lambda, booted once per execution environment: Helidon MP's CDI container (MicroProfile Config,
 * the auth module with its discovery, Helidon Security with the guard), then the JAX-RS application Helidon built,
 * served through aws-serverless-java-container-jersey. Each event runs in its own Helidon context, as a request on
 * the Helidon server does.
 * <p>
 * Helidon MP starts its web server whenever its CDI container starts; nothing on Lambda connects to it, so it is
 * bound to loopback on a free port ({@code server.host=127.0.0.1}, {@code server.port=0}) where it costs a socket and
 * a few milliseconds, and reaches no one.
 */
final class LambdaApplication {

    private static final System.Logger LOG = System.getLogger(LambdaApplication.class.getName());
    private static volatile LambdaApplication instance;
    /** The configuration key of the Helidon server's request body limit, honoured on Lambda too. */
    static final String MAX_PAYLOAD_SIZE = "server.max-payload-size";
    /** The most a synchronous Lambda invocation's payload can be: 6 MB. */
    static final long LAMBDA_PAYLOAD_LIMIT = 6L * 1024 * 1024;

    private final SeContainer container;
    private final OidcRelyingParty relyingParty;
    private final ApiGatewayEvents events;
    /** Every JAX-RS application Helidon built, and MicroProfile Health, which Helidon serves on its web server only. */
    private final JaxRsRoutes routes;
    private final SyntheticRequests primingRequests;
    private final SnapStartPriming priming;

    private LambdaApplication() {
        Instant start = Instant.now();
        // first-use costs that need neither CDI nor configuration, on a second thread while Weld boots on this one
        Thread.ofPlatform().daemon().name("portcullis-warm-up").start(() -> {
            ColdStartWarmUp.warmUp();
            ApiGatewayEvents.warmUp();
        });
        // the web server Helidon MP starts with its CDI container: loopback only, any free port
        System.setProperty("server.host", System.getProperty("server.host", "127.0.0.1"));
        System.setProperty("server.port", "0");
        // Lambda loads the function's classes with a class loader of its own, which Weld's bean discovery sees only
        // on this thread (its context class loader), not on the pool threads it deploys beans with concurrently
        System.setProperty("cdi.org.jboss.weld.bootstrap.concurrentDeployment", "false");
        // discovery is required below, where a failure can end the cold start with one line instead of a server's
        // "will retry" warning; the documents are fetched meanwhile on a thread of their own ("false" leaves them to the
        // call below; "true", the server's way, is never right here)
        System.setProperty(PortcullisCdiExtension.WARM_UP_PROPERTY,
                "false".equals(System.getProperty(PortcullisCdiExtension.WARM_UP_PROPERTY)) ? "false" : "background");
        this.container = HelidonContainer.instance().start();
        this.relyingParty = container.select(OidcRelyingParty.class).get();
        requireProviders(container, relyingParty);
        Config config = container.select(Config.class).get();
        this.events = new ApiGatewayEvents(maxBodyBytes(config));
        PortcullisCdiExtension portcullis = container.getBeanManager().getExtension(PortcullisCdiExtension.class);
        this.routes = JaxRsRoutes.of(container.getBeanManager().getExtension(JaxRsCdiExtension.class).applicationsToRun(),
                application -> portcullis.contextRoot(application, config),
                HealthResource.served() ? List.of(HealthResource.class) : List.of());
        this.primingRequests = SyntheticRequests.from(config, relyingParty.settings().basePath());
        this.priming = SnapStartPriming.register(this);
        LOG.log(Level.INFO, "Lambda application ready in {0} ms", Duration.between(start, Instant.now()).toMillis());
    }

    /**
     * The application of this execution environment, booted on first use.
     *
     * @return the application
     */
    static LambdaApplication get() {
        LambdaApplication current = instance;
        if (current == null) {
            synchronized (LambdaApplication.class) {
                current = instance;
                if (current == null) {
                    current = new LambdaApplication();
                    instance = current;
                }
            }
        }
        return current;
    }

    /** Serves one API Gateway event. */
    void handle(InputStream input, OutputStream output, Context lambdaContext) throws IOException {
        ApiGatewayEvents.Event event = events.read(input);
        switch (event) {
            case ApiGatewayEvents.RestEvent rest -> events.writeRest(serve(rest.request().getPath(),
                    route -> route.restHandler().proxy(rest.request(), lambdaContext)), output);
            case ApiGatewayEvents.HttpApiEvent httpApi -> events.writeHttpApi(serve(httpApi.request().getRawPath(),
                    route -> route.httpApiHandler().proxy(httpApi.request(), lambdaContext)), output);
            case ApiGatewayEvents.Refused refused -> {
                LOG.log(Level.DEBUG, "event refused ({0}): {1}", refused.status(), refused.message());
                events.writeRefusal(refused, output);
            }
        }
    }

    /**
     * The largest request body served: the Helidon server's own limit, {@code server.max-payload-size}, when it is
     * set, so that both runtimes refuse the same bodies; otherwise {@value #LAMBDA_PAYLOAD_LIMIT} bytes, the most a
     * synchronous Lambda invocation can carry.
     */
    private static long maxBodyBytes(Config config) {
        long configured = config.getOptionalValue(MAX_PAYLOAD_SIZE, Long.class).orElse(-1L);
        return configured > 0 ? configured : LAMBDA_PAYLOAD_LIMIT;
    }

    OidcRelyingParty relyingParty() {
        return relyingParty;
    }

    SyntheticRequests primingRequests() {
        return primingRequests;
    }

    SnapStartPriming priming() {
        return priming;
    }

    /**
     * Asks each application whose context root fits the path, as Helidon's routing does, until one has a resource for
     * it; the last answer (a 404) when none has.
     */
    private AwsProxyResponse serve(String path, Function<JaxRsRoutes.Route, AwsProxyResponse> proxy) {
        AwsProxyResponse answer = null;
        for (JaxRsRoutes.Route route : routes.candidates(path == null ? "/" : path)) {
            io.helidon.common.context.Context context = io.helidon.common.context.Context.create(Contexts.globalContext());
            answer = inContext(context, route, proxy);
            if (context.get(JaxRsRoutes.UnmatchedRequests.Unmatched.class, JaxRsRoutes.UnmatchedRequests.Unmatched.class).isEmpty()) {
                return answer;
            }
        }
        return answer;
    }

    /**
     * Runs one request in a fresh Helidon context (security keeps its per-request state there; the CDI request scope
     * is Jersey's to open, as on the server), and gives its answer back all its cookies.
     */
    private static AwsProxyResponse inContext(io.helidon.common.context.Context context, JaxRsRoutes.Route route,
                                              Function<JaxRsRoutes.Route, AwsProxyResponse> proxy) {
        // as Helidon's own Jersey integration does for each request
        context.register(route.application());
        AwsProxyResponse response = Contexts.runInContext(context, () -> proxy.apply(route));
        context.get(SetCookieCapture.Cookies.class, SetCookieCapture.Cookies.class).ifPresent(cookies -> {
            if (response.getMultiValueHeaders() == null) {
                response.setMultiValueHeaders(new com.amazonaws.serverless.proxy.model.Headers());
            }
            response.getMultiValueHeaders().put("Set-Cookie", new java.util.ArrayList<>(cookies.values()));
        });
        return response;
    }

    /**
     * Fails the cold start when a provider's discovery document cannot be read: a Lambda function has no readiness
     * probe to report it and would fail every sign-in, so the init error (and Lambda's retry of the init) is the
     * honest answer. One log line names the provider and its discovery URL; no stack trace, nothing is left running.
     */
    private static void requireProviders(SeContainer container, OidcRelyingParty relyingParty) {
        try {
            relyingParty.requireDiscovery();
        } catch (AuthException e) {
            LOG.log(Level.ERROR, "cold start failed: {0}", e.getMessage());
            container.close();
            throw new ColdStartFailure("cold start failed: " + e.getMessage());
        }
    }

    /** Why the cold start failed, in its message alone: the log line above already said it, a stack trace adds nothing. */
    static final class ColdStartFailure extends RuntimeException {
        ColdStartFailure(String message) {
            super(message, null, false, false);
        }
    }
}
