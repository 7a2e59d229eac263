package dev.portcullis.testing;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The {@link EmbeddedProvider} behind a WireMock proxy on loopback that can break it: an endpoint that resets the
 * connection, answers slowly, or answers with an error or garbage, and heals again. Every request goes through the
 * proxy with its {@code Host} kept, so the provider's issuer, discovery document and tokens all name the proxy: point
 * the service at {@link #settings(String)} and each provider call is one the test can break.
 */
public final class FaultyProvider implements AutoCloseable {

    /** The provider endpoints a test can break. */
    public enum Endpoint {
        /** The discovery document. */
        DISCOVERY,
        /** The token endpoint. */
        TOKEN,
        /** The signing keys (JWKS). */
        JWKS
    }

    private final EmbeddedProvider provider;
    private final WireMockServer server;
    /** The faults in place, by tenant. */
    private final Map<String, List<StubMapping>> faults = new ConcurrentHashMap<>();
    private final URI base;

    private FaultyProvider(EmbeddedProvider provider) {
        this.provider = provider;
        // the Host the service sent reaches the provider, which builds its issuer and endpoint URLs from it
        this.server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().preserveHostHeader(true));
        server.start();
        this.base = URI.create("http://127.0.0.1:" + server.port());
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(provider.base().toString())));
        warmUp();
    }

    /**
     * One request through the proxy before any service uses it: WireMock builds its proxy client on first use, which on
     * a busy machine can take longer than the provider call timeout of a service under test.
     */
    private void warmUp() {
        HttpResponse<String> response = new Browser().getJson(base.resolve(path("oidc", Endpoint.DISCOVERY)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the provider did not answer through the proxy: HTTP " + response.statusCode());
        }
    }

    /**
     * Starts a proxy in front of a running embedded provider; it passes everything through until told otherwise.
     *
     * @param provider the embedded provider
     * @return the running proxy
     */
    public static FaultyProvider inFrontOf(EmbeddedProvider provider) {
        return new FaultyProvider(provider);
    }

    /** {@return where the proxy listens: {@code http://127.0.0.1:<port>}} */
    public URI base() {
        return base;
    }

    /**
     * The {@code auth.<provider>.*} settings that point a provider module at its tenant through this proxy.
     *
     * @param tenant {@code oidc}, {@code auth0} or {@code cognito}
     * @return the settings
     */
    public Map<String, String> settings(String tenant) {
        return TenantShape.named(tenant).settings(base);
    }

    /**
     * A tenant's issuer as seen through this proxy.
     *
     * @param tenant {@code oidc}, {@code auth0} or {@code cognito}
     * @return the issuer
     */
    public URI issuer(String tenant) {
        return TenantShape.named(tenant).issuer(base);
    }

    /**
     * The path of one of a tenant's endpoints.
     *
     * @param tenant   {@code oidc}, {@code auth0} or {@code cognito}
     * @param endpoint the endpoint
     * @return its path at the provider
     */
    public static String path(String tenant, Endpoint endpoint) {
        TenantShape shape = TenantShape.named(tenant);
        return switch (endpoint) {
            case DISCOVERY -> shape.discoveryPath();
            case JWKS -> shape.jwksPath();
            case TOKEN -> shape.tokenPath();
        };
    }

    /**
     * The endpoint resets every connection, as a provider that is down (or a broken network) does.
     *
     * @param tenant   the tenant
     * @param endpoint the endpoint
     */
    public void down(String tenant, Endpoint endpoint) {
        fault(tenant, endpoint, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    /**
     * The endpoint answers, but only after a delay.
     *
     * @param tenant   the tenant
     * @param endpoint the endpoint
     * @param delay    how long it takes
     */
    public void slow(String tenant, Endpoint endpoint, Duration delay) {
        fault(tenant, endpoint, aResponse().proxiedFrom(provider.base().toString()).withFixedDelay(Math.toIntExact(delay.toMillis())));
    }

    /**
     * The endpoint answers with this instead of the provider's answer.
     *
     * @param tenant      the tenant
     * @param endpoint    the endpoint
     * @param status      the status code
     * @param contentType the {@code Content-Type}, or null for none
     * @param body        the body
     */
    public void answers(String tenant, Endpoint endpoint, int status, String contentType, String body) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status).withBody(body);
        if (contentType != null) {
            response.withHeader("Content-Type", contentType);
        }
        fault(tenant, endpoint, response);
    }

    /**
     * Removes every fault of a tenant: it answers again.
     *
     * @param tenant the tenant
     */
    public void heal(String tenant) {
        List<StubMapping> removed = faults.remove(tenant);
        if (removed != null) {
            removed.forEach(server::removeStubMapping);
        }
    }

    /** Forgets the requests received so far, for {@link #requests(String, Endpoint)}. */
    public void forgetRequests() {
        server.resetRequests();
    }

    /**
     * How many requests an endpoint received through the proxy, faulty or not.
     *
     * @param tenant   the tenant
     * @param endpoint the endpoint
     * @return the count
     */
    public int requests(String tenant, Endpoint endpoint) {
        return server.findAll(RequestPatternBuilder.newRequestPattern(RequestMethod.ANY, urlPathEqualTo(path(tenant, endpoint)))).size();
    }

    /** Stops the proxy (not the provider behind it). */
    @Override
    public void close() {
        server.stop();
    }

    private void fault(String tenant, Endpoint endpoint, ResponseDefinitionBuilder response) {
        faults.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>())
                .add(server.stubFor(any(urlPathEqualTo(path(tenant, endpoint))).atPriority(1).willReturn(response)));
    }
}
