package dev.portcullis.service.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.service.PortcullisApplication;
import dev.portcullis.service.security.GuardExtension;

import com.amazonaws.serverless.proxy.jersey.JerseyLambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.amazonaws.services.lambda.runtime.Context;
import io.helidon.common.context.Contexts;
import io.helidon.microprofile.cdi.HelidonContainer;
import io.helidon.microprofile.server.JaxRsApplication;
import io.helidon.microprofile.server.JaxRsCdiExtension;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.ws.rs.core.Application;
import org.glassfish.jersey.server.ResourceConfig;

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

    private final SeContainer container;
    private final ResourceConfig helidonApplication;
    /** The JAX-RS application instance: Helidon Security looks it up in each request's context. */
    private final Application jaxRsApplication;
    private final OidcRelyingParty relyingParty;
    private final ApiGatewayEvents events = new ApiGatewayEvents();
    private final SnapStartPriming priming;
    /** MicroProfile Health, which Helidon serves on its web server, unreachable on Lambda: answered through Jersey. */
    private final HealthResource health;
    private volatile JerseyLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> restHandler;
    private volatile JerseyLambdaContainerHandler<HttpApiV2ProxyRequest, AwsProxyResponse> httpApiHandler;

    private LambdaApplication() {
        Instant start = Instant.now();
        // the web server Helidon MP starts with its CDI container: loopback only, any free port
        System.setProperty("server.host", System.getProperty("server.host", "127.0.0.1"));
        System.setProperty("server.port", "0");
        // Lambda loads the function's classes with a class loader of its own, which Weld's bean discovery sees only
        // on this thread (its context class loader), not on the pool threads it deploys beans with concurrently
        System.setProperty("cdi.org.jboss.weld.bootstrap.concurrentDeployment", "false");
        // discovery is required below, where a failure can end the cold start with one line instead of a server's
        // "will retry" warning
        System.setProperty(GuardExtension.WARM_UP_PROPERTY, "false");
        this.container = HelidonContainer.instance().start();
        this.relyingParty = container.select(OidcRelyingParty.class).get();
        requireProviders(container, relyingParty);
        this.helidonApplication = portcullisApplication(container);
        this.jaxRsApplication = unwrap(helidonApplication);
        this.health = new HealthResource(container);
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
            case ApiGatewayEvents.RestEvent rest -> events.writeRest(inRequestScope(() -> restHandler().proxy(rest.request(), lambdaContext)), output);
            case ApiGatewayEvents.HttpApiEvent httpApi -> events.writeHttpApi(
                    inRequestScope(() -> httpApiHandler().proxy(httpApi.request(), lambdaContext)), output);
        }
    }

    OidcRelyingParty relyingParty() {
        return relyingParty;
    }

    SnapStartPriming priming() {
        return priming;
    }

    /**
     * Runs one request in a fresh Helidon context (security keeps its per-request state there; the CDI request scope
     * is Jersey's to open, as on the server), and gives its answer back all its cookies.
     */
    private AwsProxyResponse inRequestScope(Supplier<AwsProxyResponse> request) {
        io.helidon.common.context.Context context = io.helidon.common.context.Context.create(Contexts.globalContext());
        // as Helidon's own Jersey integration does for each request
        context.register(jaxRsApplication);
        AwsProxyResponse response = Contexts.runInContext(context, request::get);
        context.get(SetCookieCapture.Cookies.class, SetCookieCapture.Cookies.class).ifPresent(cookies -> {
            if (response.getMultiValueHeaders() == null) {
                response.setMultiValueHeaders(new com.amazonaws.serverless.proxy.model.Headers());
            }
            response.getMultiValueHeaders().put("Set-Cookie", new java.util.ArrayList<>(cookies.values()));
        });
        return response;
    }

    private JerseyLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> restHandler() {
        if (restHandler == null) {
            synchronized (this) {
                if (restHandler == null) {
                    restHandler = JerseyLambdaContainerHandler.getAwsProxyHandler(jerseyApplication());
                }
            }
        }
        return restHandler;
    }

    private JerseyLambdaContainerHandler<HttpApiV2ProxyRequest, AwsProxyResponse> httpApiHandler() {
        if (httpApiHandler == null) {
            synchronized (this) {
                if (httpApiHandler == null) {
                    httpApiHandler = JerseyLambdaContainerHandler.getHttpApiV2ProxyHandler(jerseyApplication());
                }
            }
        }
        return httpApiHandler;
    }

    /**
     * A copy of the JAX-RS application Helidon built: the application's resources and providers, and everything
     * Helidon registered on it (its security feature, which runs the guard; the guard's cookie filter).
     */
    private ResourceConfig jerseyApplication() {
        ResourceConfig copy = new ResourceConfig(helidonApplication);
        copy.registerClasses(helidonApplication.getClasses());
        copy.registerInstances(helidonApplication.getInstances());
        copy.register(SetCookieCapture.class);
        copy.register(health);
        return copy;
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

    private static Application unwrap(ResourceConfig config) {
        Application application = config;
        while (application instanceof ResourceConfig resourceConfig && resourceConfig.getApplication() != null
                && resourceConfig.getApplication() != resourceConfig) {
            application = resourceConfig.getApplication();
        }
        return application;
    }

    private static ResourceConfig portcullisApplication(SeContainer container) {
        JaxRsCdiExtension jaxRs = container.getBeanManager().getExtension(JaxRsCdiExtension.class);
        return jaxRs.applicationsToRun().stream()
                .filter(app -> app.applicationClass().filter(PortcullisApplication.class::equals).isPresent())
                .findFirst()
                .or(() -> jaxRs.applicationsToRun().stream().findFirst())
                .map(JaxRsApplication::resourceConfig)
                .orElseThrow(() -> new IllegalStateException("Helidon found no JAX-RS application to serve"));
    }
}
