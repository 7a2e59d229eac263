package dev.portcullis.helidon;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.portcullis.auth.OidcRelyingParty;

import io.helidon.microprofile.security.SecurityCdiExtension;
import io.helidon.microprofile.server.JaxRsApplication;
import io.helidon.microprofile.server.JaxRsCdiExtension;
import io.helidon.microprofile.server.RoutingName;
import io.helidon.microprofile.server.RoutingPath;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.security.Security;
import io.helidon.security.spi.AuthorizationProvider;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.config.Config;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;

/**
 * What adding {@code portcullis-helidon} to a Helidon MP application does, with no code of the application's:
 * <ul>
 *   <li>builds the relying party when the application starts, so a misconfiguration stops start-up with one line
 *   naming the key, and reads each provider's discovery document once;</li>
 *   <li>adds the sign-in endpoints as a JAX-RS application of their own at {@code auth.base-path} ({@code /auth}),
 *   beside whatever applications Helidon found (its synthetic application of discovered resources, or the
 *   application's own {@code Application} subclasses), so that neither hides the other;</li>
 *   <li>registers the guard ({@link SessionOrBearerAuthenticator}) with Helidon Security before Helidon builds it,
 *   with ABAC role checks ({@link AnonymousSafeAuthorization}) unless the configuration names an authorization
 *   provider; Helidon then runs it for every application's {@code @RolesAllowed}, {@code @PermitAll},
 *   {@code @DenyAll} and {@code @Authenticated} resources;</li>
 *   <li>registers on every application the filter that clears a dead session's cookies, the one that keeps answers
 *   that depend on the caller out of caches ({@link NoStoreFilter}), the refusal of a {@code Content-Type} or
 *   {@code Accept} that does not parse with a short JSON body ({@link RequestHeaderCheck}), and the mapping of the
 *   auth module's exceptions (and of outgoing calls that could not get a token) to HTTP answers;</li>
 *   <li>checks the configuration of every outgoing client a REST client interface names ({@link OutgoingToken}).</li>
 * </ul>
 * Public only because {@link java.util.ServiceLoader} requires it; not an API.
 */
public final class PortcullisCdiExtension implements Extension {

    /**
     * System property that, set to {@code background} before the container starts, leaves the providers' discovery to
     * whoever started it: the Lambda handler, whose cold start fails when a provider cannot be discovered, where a
     * server starts anyway and reports itself not ready. The discovery documents are then fetched on a thread of their
     * own while the container goes on booting (Helidon Security, Jersey), and the starter's
     * {@link OidcRelyingParty#requireDiscovery()} waits for that fetch or fails with its error. {@code false} fetches
     * nothing; {@code true}, the default, fetches discovery during the boot.
     */
    public static final String WARM_UP_PROPERTY = "portcullis.guard.warm-up";

    private static final System.Logger LOG = System.getLogger(PortcullisCdiExtension.class.getName());

    /**
     * The running container's relying party, for code CDI does not create (client filters): published when the
     * container starts and withdrawn when it shuts down, so that nothing keeps using a stopped container's.
     */
    private static volatile OidcRelyingParty running;

    /** The name of Portcullis' own JAX-RS application, as Helidon logs it. */
    static final String APPLICATION_NAME = "Portcullis";

    private final Set<String> outgoingClients = new TreeSet<>();
    private JaxRsApplication portcullis;
    private String basePath;

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public PortcullisCdiExtension() {
    }

    /**
     * Where an application Helidon serves on its default socket is rooted, by Helidon's rule:
     * {@code <application class>.routing-path.path} in the configuration, else its {@code @ApplicationPath} (or Helidon's
     * {@code @RoutingPath}); Portcullis' own at {@code auth.base-path}. For runtimes that serve the applications without
     * Helidon's web server (AWS Lambda), which must not serve an application Helidon binds to another, named socket (an
     * internal port, say).
     *
     * @param application one of the applications Helidon serves
     * @param config      the configuration
     * @return the context root: {@code /}, or a path without a trailing slash; empty for an application of a named
     *         socket
     */
    public Optional<String> contextRoot(JaxRsApplication application, Config config) {
        if (application == portcullis) {
            return Optional.of(basePath);
        }
        Optional<Class<? extends Application>> type = application.applicationClass();
        String socket = type.flatMap(cls -> config.getOptionalValue(cls.getName() + "." + RoutingName.CONFIG_KEY_NAME, String.class))
                .or(() -> type.map(cls -> cls.getAnnotation(RoutingName.class)).map(RoutingName::value))
                .orElse(RoutingName.DEFAULT_NAME);
        if (!socket.equals(RoutingName.DEFAULT_NAME)) {
            return Optional.empty();
        }
        String root = type.flatMap(cls -> config.getOptionalValue(cls.getName() + "." + RoutingPath.CONFIG_KEY_PATH, String.class))
                .or(() -> type.map(cls -> cls.getAnnotation(ApplicationPath.class)).map(ApplicationPath::value))
                .or(() -> type.map(cls -> cls.getAnnotation(RoutingPath.class)).map(RoutingPath::value))
                .orElse("/");
        root = root.startsWith("/") ? root : "/" + root;
        return Optional.of(root.length() > 1 && root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    }

    /** Notes the outgoing clients the application's REST client interfaces name, to check them at start-up. */
    void outgoingClientsNamed(@Observes @WithAnnotations(OutgoingToken.class) ProcessAnnotatedType<?> type) {
        OutgoingToken annotation = type.getAnnotatedType().getJavaClass().getAnnotation(OutgoingToken.class);
        if (annotation != null && !annotation.client().isEmpty()) {
            outgoingClients.add(annotation.client());
        }
    }

    void withdraw(@Observes BeforeShutdown event) {
        running = null;
    }

    /**
     * The running container's relying party.
     *
     * @return it, or empty before the container started or after it shut down
     */
    static Optional<OidcRelyingParty> runningRelyingParty() {
        return Optional.ofNullable(running);
    }

    /**
     * Discovery, ahead of the first request: on AWS the documents are round trips to the providers, which overlap the
     * rest of the boot this way. A failure is left for
     * {@link OidcRelyingParty#requireDiscovery()} to report, which meets the same failure (discovery keeps it between
     * retries) or tries again.
     */
    private static void discoverQuietly(OidcRelyingParty relyingParty) {
        try {
            // requireDiscovery, not warmUp: it logs nothing, and the starter's own call reports the failure once
            relyingParty.requireDiscovery();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "discovery ahead of the first request failed: {0}", e.getClass().getName());
        }
    }

    // after Helidon fixed the applications to run (PLATFORM_BEFORE) and read the configuration (PLATFORM_BEFORE + 2),
    // before Helidon Security is built and registered on each application (LIBRARY_BEFORE)
    void register(@Observes @Initialized(ApplicationScoped.class) @Priority(PLATFORM_BEFORE + 10) Object event,
                  BeanManager beanManager) {
        SensitiveLogRedaction.install();
        ProtocolErrorAnswers.install(beanManager);
        try {
            // on every route of the server, Helidon's own (health, metrics) too, before any handler
            beanManager.getExtension(ServerCdiExtension.class).serverRoutingBuilder().addFilter(new RequestHeaderLimit());
        } catch (IllegalArgumentException e) {
            // no web server (the Lambda handler): API Gateway bounds the headers itself
        }
        OidcRelyingParty relyingParty = beanManager.createInstance().select(OidcRelyingParty.class).get();
        running = relyingParty;
        AuthEvents events = beanManager.createInstance().select(AuthEvents.class).get();
        // every outgoing client a REST client names: a wrong one stops start-up here, naming its key
        outgoingClients.forEach(relyingParty::requireOutgoingClient);
        String warmUp = System.getProperty(WARM_UP_PROPERTY, "true");
        if (warmUp.equals("background")) {
            Thread.ofPlatform().daemon().name("portcullis-discovery").start(() -> discoverQuietly(relyingParty));
        } else if (Boolean.parseBoolean(warmUp)) {
            relyingParty.warmUp();
        }
        Security.Builder security = beanManager.getExtension(SecurityCdiExtension.class).securityBuilder();
        security.addProvider(new SessionOrBearerAuthenticator(relyingParty, events), SessionOrBearerAuthenticator.NAME);
        if (security.noProvider(AuthorizationProvider.class)) {
            // what Helidon would add by itself, minus its failure on anonymous isUserInRole
            security.addAuthorizationProvider(new AnonymousSafeAuthorization(), "abac");
        }

        // the live list of applications Helidon is about to serve: added to it here, after Helidon decided on its own
        // applications, so that Portcullis' application never stops Helidon from building its synthetic one
        List<JaxRsApplication> applications = beanManager.getExtension(JaxRsCdiExtension.class).applicationsToRun();
        for (JaxRsApplication application : applications) {
            // every application the guard protects clears dead sessions, keeps its users' answers out of caches, and
            // answers the auth module's exceptions and outgoing calls that failed
            application.resourceConfig().register(ExpiredSessionCookieFilter.class).register(NoStoreFilter.class)
                    .register(RequestHeaderCheck.class).register(AuthExceptionMapper.class).register(OutgoingCallFailureMapper.class)
                    .register(new StepUpFeature(relyingParty));
        }
        Application portcullis = new PortcullisApplication();
        // first: its context root is its own, so it takes only its paths, and it is asked before a root application
        this.basePath = relyingParty.settings().basePath();
        this.portcullis = JaxRsApplication.builder()
                .application(portcullis)
                .contextRoot(basePath)
                .appName(APPLICATION_NAME)
                .build();
        applications.add(0, this.portcullis);
    }
}
