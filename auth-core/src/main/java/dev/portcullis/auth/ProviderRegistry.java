package dev.portcullis.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.OidcProviderFactory;
import dev.portcullis.auth.spi.RevocationStoreFactory;

/**
 * The enabled providers, built once from configuration by the installed provider modules, and what is done to all of
 * them at once: readiness, warm-up, required discovery, priming, and renewal after a snapshot restore. Immutable apart
 * from each provider's discovery result; thread-safe.
 */
final class ProviderRegistry {

    /** The setting, under {@code auth.<name>.}, that makes an access token's {@code scope} values roles too. */
    static final String ROLES_FROM_SCOPE = "roles-from-scope";

    private final AuthSettings settings;
    /** In configuration order, default first: the first failure reported is the first provider's. */
    private final Map<String, ProviderClient> providers;
    private final SecretRotation rotations;

    private ProviderRegistry(AuthSettings settings, Map<String, ProviderClient> providers, SecretRotation rotations) {
        this.settings = settings;
        this.providers = providers;
        this.rotations = rotations;
    }

    /** The provider modules on the class path, by name; the first of two with one name wins. */
    static Map<String, OidcProviderFactory> installedFactories() {
        Map<String, OidcProviderFactory> factories = new LinkedHashMap<>();
        for (OidcProviderFactory factory : ServiceLoader.load(OidcProviderFactory.class, ProviderRegistry.class.getClassLoader())) {
            factories.putIfAbsent(factory.name(), factory);
        }
        return factories;
    }

    /** The secret stores on the class path that can rotate a secret. */
    static List<SecretRotation> installedRotations() {
        return ServiceLoader.load(SecretRotation.class, ProviderRegistry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /** See {@link OidcRelyingParty#knownKeys()}. */
    static SortedSet<String> knownKeys() {
        SortedSet<String> keys = new TreeSet<>(AuthSettings.KEYS);
        for (OidcProviderFactory factory : ServiceLoader.load(OidcProviderFactory.class, ProviderRegistry.class.getClassLoader())) {
            String prefix = "auth." + factory.name() + ".";
            keys.add(prefix + "client-id");
            keys.add(prefix + "client-secret");
            keys.add(prefix + "type");
            keys.add(prefix + "forward-params");
            keys.add(prefix + ROLES_FROM_SCOPE);
            factory.settingNames().forEach(name -> keys.add(prefix + name));
        }
        return keys;
    }

    /**
     * Builds every enabled provider with its module. Contacts no provider.
     *
     * @throws AuthConfigurationException naming the first key that is missing or wrong: a provider no module provides,
     *                                    a provider setting, or an issuer that two providers share
     */
    static ProviderRegistry create(ConfigValues values, AuthSettings settings, Clock clock,
                                   Map<String, OidcProviderFactory> factories, List<SecretRotation> rotations,
                                   AuthListener listener) {
        SecretRotation rotation = new SecretRotations(rotations);
        JdkHttpSender http = new JdkHttpSender(settings.httpTimeout());
        Map<String, ProviderClient> clients = new LinkedHashMap<>();
        for (String name : settings.enabledProviders()) {
            // a tenant is configured under its own name; its kind is the module that serves it, by default its name
            String typeKey = "auth." + name + ".type";
            Optional<String> type = values.value(typeKey);
            OidcProviderFactory factory = factories.get(type.orElse(name));
            if (factory == null) {
                String key = type.isPresent() ? typeKey
                        : name.equals(settings.defaultProvider()) ? AuthSettings.PROVIDER : AuthSettings.PROVIDERS;
                String installed = factories.isEmpty() ? "none" : String.join(", ", factories.keySet());
                throw new AuthConfigurationException(key, "no provider module named '" + type.orElse(name) + "' is installed (installed: "
                        + installed + ")" + (type.isPresent() ? "" : "; a tenant of another name sets auth." + name + ".type"));
            }
            MpProviderConfig providerConfig = new MpProviderConfig(name, values);
            OidcProvider provider = factory.create(providerConfig);
            if (!provider.descriptor().name().equals(name)) {
                throw new IllegalStateException("provider module " + factory.getClass().getName() + " built a provider named "
                        + provider.descriptor().name() + " for " + name);
            }
            String clientId = providerConfig.clientId();
            String secretKey = providerConfig.key("client-secret");
            providerConfig.require("client-secret");
            // read at each use, so a rotated secret from the configuration is picked up without a restart
            ClientCredentials credentials = new ClientCredentials(name, clientId, () -> values.require(secretKey), secretKey, rotation);
            // any provider: Cognito's and Auth0's machine-to-machine tokens say what they may do in scope alone
            CallerRoles roles = new CallerRoles(provider.descriptor().groupsClaim(),
                    values.flag(providerConfig.key(ROLES_FROM_SCOPE), false));
            clients.put(name, new ProviderClient(provider, LoginParameters.of(name, provider.descriptor(), values), credentials, roles,
                    http, settings, clock, listener));
        }
        for (ProviderClient a : clients.values()) {
            for (ProviderClient b : clients.values()) {
                if (a != b && a.bearerIssuers().stream().anyMatch(b.bearerIssuers()::contains)) {
                    // a token's iss must name one provider: whose rules and keys apply may not depend on the order
                    throw new AuthConfigurationException("auth." + b.name() + ".issuer",
                            "is the same issuer as provider " + a.name() + "; each enabled provider needs its own issuer");
                }
            }
        }
        return new ProviderRegistry(settings, Collections.unmodifiableMap(clients), rotation);
    }

    /** An enabled provider by name. */
    Optional<ProviderClient> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /**
     * An enabled provider a request names.
     *
     * @throws BadRequestException when it is not enabled
     */
    /** The secret stores that can re-read a secret a provider refused. */
    SecretRotation rotation() {
        return rotations;
    }

    ProviderClient require(String name) {
        return find(name).orElseThrow(() -> new BadRequestException(Reason.UNKNOWN_PROVIDER, null, "provider is not enabled"));
    }

    /** The provider with this exact issuer, whatever tokens it accepts: for logout tokens. */
    Optional<ProviderClient> withIssuer(String issuer) {
        return providers.values().stream().filter(client -> client.issuer().equals(issuer)).findFirst();
    }

    /** The revocation stores on the class path, by name. */
    static Map<String, RevocationStoreFactory> installedRevocationStores() {
        Map<String, RevocationStoreFactory> stores = new LinkedHashMap<>();
        ServiceLoader.load(RevocationStoreFactory.class, ProviderRegistry.class.getClassLoader())
                .forEach(factory -> stores.putIfAbsent(factory.name(), factory));
        return stores;
    }

    /** The provider with this exact issuer, if it accepts bearer tokens; issuers are unique among enabled providers. */
    /**
     * The provider with this exact issuer among its {@linkplain ProviderClient#bearerIssuers() bearer issuers}, if it
     * accepts bearer tokens; issuers are unique among enabled providers.
     */
    Optional<ProviderClient> acceptingBearerTokensFrom(String issuer) {
        // a loop, not a stream: this runs for every bearer token not verified before
        for (ProviderClient client : providers.values()) {
            if (client.bearerIssuers().contains(issuer) && client.descriptor().accessTokenRules().isPresent()) {
                return Optional.of(client);
            }
        }
        return Optional.empty();
    }

    /** Every enabled provider, default first. */
    Collection<ProviderClient> all() {
        return providers.values();
    }

    /** The enabled providers for sign-in buttons, default first. */
    List<ProviderInfo> infos() {
        return providers.values().stream()
                .map(client -> new ProviderInfo(client.name(), client.descriptor().displayName(),
                        client.name().equals(settings.defaultProvider()), client.loginParameters().identityProviders().stream()
                        .map(name -> new ProviderInfo.IdentityProvider(client.loginParameters().federationParameter(), name))
                        .toList()))
                .toList();
    }

    /** See {@link OidcRelyingParty#ready(String)}. */
    boolean ready(String provider) {
        return find(provider).map(ProviderClient::ready).orElse(false);
    }

    /** See {@link OidcRelyingParty#readiness()}. */
    Map<String, Boolean> readiness() {
        Map<String, Boolean> readiness = new ConcurrentHashMap<>();
        inParallel(client -> readiness.put(client.name(), client.ready()));
        Map<String, Boolean> ordered = new LinkedHashMap<>();
        providers.keySet().forEach(name -> ordered.put(name, readiness.getOrDefault(name, false)));
        return Collections.unmodifiableMap(ordered);
    }

    /** See {@link OidcRelyingParty#warmUp()}. */
    void warmUp() {
        inParallel(ProviderClient::warmUp);
    }

    /** See {@link OidcRelyingParty#requireDiscovery()}. */
    void requireDiscovery() {
        inParallel(ProviderClient::requireDiscovery);
    }

    /**
     * Fetches each provider's discovery document and signing keys, one provider after the other.
     *
     * @return the providers whose discovery and keys are ready; one that is down is retried on demand, as at start-up
     */
    List<ProviderClient> primeKeys() {
        List<ProviderClient> ready = new ArrayList<>();
        for (ProviderClient client : providers.values()) {
            try {
                client.primeKeys();
                ready.add(client);
            } catch (AuthException e) {
                // a provider that is down is retried on demand, as at start-up
            }
        }
        return ready;
    }

    /**
     * Makes every provider independent of the snapshot this instance was restored from: signing keys are read anew on
     * next use, and so is every secret a store has cached (a client secret among them).
     */
    void afterRestore() {
        providers.values().forEach(ProviderClient::forgetKeys);
        rotations.expireCachedSecrets();
    }

    private void inParallel(Consumer<ProviderClient> action) {
        // in parallel: start-up (and a Lambda cold start) waits for the slowest provider, not for their sum
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            // in configuration order, so that the first failure reported is the first provider's
            List<Future<?>> tasks = providers.values().stream()
                    .<Future<?>>map(client -> executor.submit(() -> action.accept(client)))
                    .toList();
            for (Future<?> task : tasks) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
