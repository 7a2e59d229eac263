package dev.portcullis.lambda;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.serverless.proxy.jersey.JerseyLambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import io.helidon.common.context.Contexts;
import io.helidon.microprofile.server.JaxRsApplication;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.UriBuilder;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Every JAX-RS application Helidon would serve on its default socket, served through aws-serverless-java-container-jersey
 * the way Helidon routes them: each at its context root (an application's {@code @ApplicationPath}, Portcullis' own at
 * {@code auth.base-path}), asked in Helidon's order, and a request no resource of one application matched (a 404
 * with no resource method) goes on to the next application whose root fits, as Helidon's routing does.
 */
final class JaxRsRoutes {

    private final List<Route> routes;

    private JaxRsRoutes(List<Route> routes) {
        this.routes = routes;
    }

    /**
     * The routes of Helidon's applications, and after them the resources only Lambda needs (served at {@code /}).
     *
     * @param applications the applications Helidon built, with everything it registered on them (its security
     *                     feature, which runs the guard; Portcullis' filters)
     * @param contextRoots where each is rooted, by Helidon's rule; empty for one Helidon serves on a named socket,
     *                     which API Gateway must not reach
     * @param lambdaOnly   resources and providers answered only through the handler (health), after the applications
     * @return the routes
     */
    static JaxRsRoutes of(List<JaxRsApplication> applications, Function<JaxRsApplication, Optional<String>> contextRoots,
                          List<Class<?>> lambdaOnly) {
        List<Route> routes = new ArrayList<>();
        for (JaxRsApplication application : applications) {
            contextRoots.apply(application).ifPresent(root -> routes.add(new Route(root, application.resourceConfig())));
        }
        if (!lambdaOnly.isEmpty()) {
            ResourceConfig extra = new ResourceConfig();
            lambdaOnly.forEach(extra::register);
            routes.add(new Route("/", extra));
        }
        return new JaxRsRoutes(List.copyOf(routes));
    }

    /**
     * The applications that may answer a path, in the order to ask them.
     *
     * @param path the request's path, without a stage
     * @return the routes whose root fits the path, in Helidon's order
     */
    List<Route> candidates(String path) {
        return routes.stream().filter(route -> route.takes(path)).toList();
    }

    /** One application at its context root, with its two handlers (built on first use: most functions see one payload). */
    static final class Route {
        private final String root;
        private final ResourceConfig helidonConfig;
        private final Application application;
        private volatile JerseyLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> restHandler;
        private volatile JerseyLambdaContainerHandler<HttpApiV2ProxyRequest, AwsProxyResponse> httpApiHandler;

        private Route(String root, ResourceConfig helidonConfig) {
            this.root = root;
            this.helidonConfig = helidonConfig;
            this.application = unwrap(helidonConfig);
        }

        /**
         * A copy of the application for one container handler (each makes its own Jersey application of it): the
         * application's resources and providers, and everything Helidon registered on it.
         */
        private ResourceConfig config() {
            ResourceConfig copy = new ResourceConfig(helidonConfig);
            copy.registerClasses(helidonConfig.getClasses());
            copy.registerInstances(helidonConfig.getInstances());
            copy.register(SetCookieCapture.class);
            copy.register(UnmatchedRequests.class);
            if (!root.equals("/")) {
                copy.register(new ContextRoot(root));
            }
            return copy;
        }

        /** Whether a request path is this application's: its root, or a path below it (never {@code /authx} for {@code /auth}). */
        boolean takes(String path) {
            return root.equals("/") || path.equals(root) || path.startsWith(root + "/");
        }

        /** The JAX-RS application, which Helidon Security looks up in each request's context. */
        Application application() {
            return application;
        }

        JerseyLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> restHandler() {
            if (restHandler == null) {
                synchronized (this) {
                    if (restHandler == null) {
                        restHandler = JerseyLambdaContainerHandler.getAwsProxyHandler(config());
                    }
                }
            }
            return restHandler;
        }

        JerseyLambdaContainerHandler<HttpApiV2ProxyRequest, AwsProxyResponse> httpApiHandler() {
            if (httpApiHandler == null) {
                synchronized (this) {
                    if (httpApiHandler == null) {
                        httpApiHandler = JerseyLambdaContainerHandler.getHttpApiV2ProxyHandler(config());
                    }
                }
            }
            return httpApiHandler;
        }

        private static Application unwrap(ResourceConfig config) {
            Application application = config;
            while (application instanceof ResourceConfig resourceConfig && resourceConfig.getApplication() != null
                    && resourceConfig.getApplication() != resourceConfig) {
                application = resourceConfig.getApplication();
            }
            return application;
        }
    }

    /**
     * Gives an application its context root, as Helidon's web server does: the container hands Jersey the whole path
     * against {@code /}, and this makes the root part of the base URI, so that resources match below it and
     * {@code UriInfo} reads as on the server.
     */
    @PreMatching
    @Priority(0)
    static final class ContextRoot implements ContainerRequestFilter {
        private final String root;

        ContextRoot(String root) {
            this.root = root;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            URI requestUri = request.getUriInfo().getRequestUri();
            URI base = UriBuilder.fromUri(requestUri).replacePath(root + "/").replaceQuery(null).fragment(null).build();
            request.setRequestUri(base, requestUri);
        }
    }

    /** Marks, in the request's Helidon context, a request that no resource of the application matched. */
    static final class UnmatchedRequests implements ContainerResponseFilter {

        /** The mark. */
        enum Unmatched { INSTANCE }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            // Helidon's own test for going on to the next route (JaxRsService)
            if (response.getStatus() == 404 && ((ExtendedUriInfo) request.getUriInfo()).getMatchedResourceMethod() == null) {
                Contexts.context().ifPresent(context -> context.register(Unmatched.class, Unmatched.INSTANCE));
            }
        }
    }
}
