package dev.portcullis.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWK;

import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * One enabled provider, and everything this service does with it over the network: its {@linkplain ProviderDiscovery
 * discovery}, its {@linkplain SigningKeys signing keys}, its {@linkplain TokenEndpoint token endpoint},
 * {@linkplain TokenRevocation revocation} and {@linkplain ProviderLogout logout}. Each part asks discovery for the
 * endpoints when it needs them, so none works before discovery has succeeded and all work once it has. Thread-safe.
 */
final class ProviderClient {

    private final ProviderDescriptor descriptor;
    private final LoginParameters loginParameters;
    private final ClientCredentials credentials;
    private final CallerRoles roles;
    private final Clock clock;
    private final Duration clockSkew;
    private final AuthListener listener;
    private final ProviderDiscovery discovery;
    private final TokenEndpoint tokenEndpoint;
    private final TokenRevocation revocation;
    private final ProviderLogout logout;
    /** By issuer, as compared with {@code iss}. */
    private final Map<String, OtherBearerIssuer> otherIssuers;
    /** The provider's own issuer, then its other bearer issuers: asked at every bearer token not verified before. */
    private final Set<String> bearerIssuers;

    ProviderClient(OidcProvider provider, LoginParameters loginParameters, ClientCredentials credentials, CallerRoles roles,
                   JdkHttpSender http, AuthSettings settings, Clock clock, AuthListener listener) {
        this.descriptor = provider.descriptor();
        this.loginParameters = loginParameters;
        this.credentials = credentials;
        this.roles = roles;
        this.clock = clock;
        this.clockSkew = settings.clockSkew();
        this.listener = listener;
        this.discovery = new ProviderDiscovery(descriptor, http, settings, clock, endpoints -> withKeys(endpoints,
                SigningKeys.publishedAt(endpoints.require(Endpoint.JWKS), descriptor.name(), http, settings, clock, listener)));
        Supplier<ProviderEndpoints> endpoints = () -> discovery.resolved().endpoints();
        ProviderCallLimit limit = new ProviderCallLimit(descriptor.name(), settings.callBounds(), clock);
        this.tokenEndpoint = new TokenEndpoint(descriptor.name(), endpoints, credentials, http, limit, settings.redirectUri());
        this.revocation = new TokenRevocation(descriptor.name(), endpoints, credentials, http, limit);
        this.logout = new ProviderLogout(provider, credentials.clientId(), endpoints);
        Map<String, OtherBearerIssuer> others = new LinkedHashMap<>();
        descriptor.otherBearerIssuers().forEach((issuer, jwks) -> others.put(issuer.toString(), new OtherBearerIssuer(descriptor,
                issuer, SigningKeys.publishedAt(jwks, descriptor.name(), http, settings, clock, listener), credentials.clientId(), clock,
                clockSkew, listener)));
        this.otherIssuers = Collections.unmodifiableMap(others);
        Set<String> issuers = new LinkedHashSet<>();
        issuers.add(descriptor.issuer().toString());
        issuers.addAll(others.keySet());
        this.bearerIssuers = Collections.unmodifiableSet(issuers);
    }

    /** The discovered endpoints with a token verifier on the given keys. */
    private ResolvedProvider withKeys(ProviderEndpoints endpoints, SigningKeys keys) {
        return new ResolvedProvider(endpoints, keys,
                new TokenVerifier(descriptor, credentials.clientId(), keys.source(), clock, clockSkew, listener));
    }

    String name() {
        return descriptor.name();
    }

    ProviderDescriptor descriptor() {
        return descriptor;
    }

    /** The extra parameters of this provider's authorization requests. */
    LoginParameters loginParameters() {
        return loginParameters;
    }

    /** The exact issuer, as compared with {@code iss}. */
    String issuer() {
        return descriptor.issuer().toString();
    }

    /** Every issuer whose access tokens this provider accepts as bearer tokens (when it accepts any): its own first. */
    Set<String> bearerIssuers() {
        return bearerIssuers;
    }

    /**
     * The verifier of access tokens of one of {@link #bearerIssuers()}.
     *
     * @throws ProviderUnavailableException when it is the provider's own issuer and its discovery document cannot be read
     */
    TokenVerifier bearerVerifier(String issuer) {
        OtherBearerIssuer other = otherIssuers.get(issuer);
        return other != null ? other.verifier() : resolved().verifier();
    }

    /** Whether the key set of one of {@link #bearerIssuers()} still holds a key. */
    boolean publishes(String issuer, JWK key) {
        OtherBearerIssuer other = otherIssuers.get(issuer);
        return other != null ? other.publishes(key) : publishes(key);
    }

    String clientId() {
        return credentials.clientId();
    }

    /** How this provider's tokens give a caller's roles. */
    CallerRoles roles() {
        return roles;
    }

    /**
     * The provider as discovered, with its keys and token verifier.
     *
     * @throws ProviderUnavailableException when its discovery document cannot be read
     * @throws AuthConfigurationException   when the document names another issuer
     */
    ResolvedProvider resolved() {
        return discovery.resolved();
    }

    TokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    TokenRevocation revocation() {
        return revocation;
    }

    ProviderLogout logout() {
        return logout;
    }

    /**
     * Whether the provider can serve logins and validate tokens: discovery has succeeded and its signing keys have been
     * fetched at least once. When not, discovery and the keys are tried again, each at most once per
     * {@code auth.discovery.retry-interval}, so a provider that comes back is ready again without a restart.
     */
    boolean ready() {
        ResolvedProvider current;
        try {
            current = discovery.resolved();
        } catch (AuthException e) {
            return false;
        }
        return current.keys().ready();
    }

    /** See {@link ProviderDiscovery#warmUp()}. */
    void warmUp() {
        discovery.warmUp();
    }

    /** See {@link ProviderDiscovery#requireDiscovery()}. */
    void requireDiscovery() {
        discovery.requireDiscovery();
    }

    /** Fetches discovery (if still needed) and the signing keys now; throws when either fails. */
    void primeKeys() {
        discovery.resolved().keys().fetch();
        otherIssuers.values().forEach(OtherBearerIssuer::primeKeys);
    }

    /** Whether the provider's current key set still holds a key; false when its keys or discovery cannot be read. */
    boolean publishes(JWK key) {
        try {
            return discovery.resolved().keys().publishes(key);
        } catch (AuthException e) {
            return false;
        }
    }

    /** Drops the cached signing keys (and with them their age); they are fetched again on next use. */
    void forgetKeys() {
        discovery.replace(current -> withKeys(current.endpoints(), current.keys().renewed()));
        otherIssuers.values().forEach(OtherBearerIssuer::forgetKeys);
    }
}
