package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.portcullis.client.BearerToken;
import dev.portcullis.client.Caller;
import dev.portcullis.client.PortcullisApi;
import dev.portcullis.service.relay.RelayApplication;
import dev.portcullis.service.relay.RelayResource;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The typed MicroProfile REST client of the API ({@code portcullis-client}) against the running service: built with
 * {@link RestClientBuilder} and a token supplier, and injected in another JAX-RS application where it sends the
 * incoming bearer token on.
 */
@HelidonTest
@AddBean(RelayApplication.class)
@AddBean(RelayResource.class)
class RestClientTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc")
            // the injected client's base URL, as a caller configures it (portcullis is the client's config key):
            // this service's own, by a property expression, as the port is chosen when the test provider starts
            .setting("portcullis/mp-rest/url", "${auth.base-url}")
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Test
    void meWithABearerTokenAnswersTheCaller() {
        Caller me = client(() -> token("bob", "staff")).me();

        assertThat(me.subject()).isEqualTo("bob");
        assertThat(me.name()).isEqualTo("Bob");
        assertThat(me.email()).contains("bob@example.com");
        assertThat(me.provider()).isEqualTo("oidc");
        assertThat(me.groups()).containsExactly("staff");
        assertThat(me.source()).isEqualTo(Caller.Source.BEARER);
        assertThat(me.expiresAt()).isAfter(Instant.now());
        assertThat(me.admin()).isFalse();
    }

    @Test
    void adminWithATokenOfTheAdminGroupAnswersTheCallerAsAdmin() {
        Caller admin = client(() -> token("carol", "admin", "staff")).admin();

        assertThat(admin.subject()).isEqualTo("carol");
        assertThat(admin.groups()).containsExactly("admin", "staff");
        assertThat(admin.admin()).isTrue();
    }

    @Test
    void adminWithoutTheAdminGroupIsForbidden() {
        PortcullisApi api = client(() -> token("bob", "staff"));

        WebApplicationException refused = catchThrowableOfType(WebApplicationException.class, api::admin);

        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void withoutATokenTheApiAnswers401WithABearerChallenge() {
        PortcullisApi api = RestClientBuilder.newBuilder().baseUri(SERVICE.baseUrl()).build(PortcullisApi.class);

        WebApplicationException refused = catchThrowableOfType(WebApplicationException.class, api::me);

        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(refused.getResponse().getHeaderString("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void theTokenSupplierIsAskedOnEveryCall() {
        AtomicReference<String> current = new AtomicReference<>(token("bob", "staff"));
        PortcullisApi api = client(current::get);

        String first = api.me().subject();
        current.set(token("carol", "staff"));
        String second = api.me().subject();

        assertThat(first).isEqualTo("bob");
        assertThat(second).isEqualTo("carol");
    }

    @Test
    void insideAServiceTheIncomingBearerTokenAndNothingElseIsSentOn() {
        HttpResponse<String> withBearer = relay("Bearer " + token("dana", "staff"));
        HttpResponse<String> withoutCredentials = relay(null);
        HttpResponse<String> withBasic = relay("Basic ZGFuYTpzZWNyZXQ=");

        assertThat(withBearer.statusCode()).as(withBearer.body()).isEqualTo(200);
        assertThat(json(withBearer).getString("sub")).isEqualTo("dana");
        assertThat(json(withBearer).getString("source")).isEqualTo("BEARER");
        assertThat(withoutCredentials.statusCode()).isEqualTo(401);
        assertThat(withBasic.statusCode()).isEqualTo(401);
    }

    private static PortcullisApi client(Supplier<String> accessToken) {
        return RestClientBuilder.newBuilder()
                .baseUri(SERVICE.baseUrl())
                .register(BearerToken.from(accessToken))
                .build(PortcullisApi.class);
    }

    /** An access token the provider issued for the API, as a command-line client of the same client id gets one. */
    private static String token(String user, String... groups) {
        String claims = "{\"name\":\"" + Character.toUpperCase(user.charAt(0)) + user.substring(1) + "\",\"email\":\"" + user
                + "@example.com\",\"groups\":[" + String.join(",", java.util.Arrays.stream(groups).map(g -> "\"" + g + "\"").toList()) + "]}";
        return (String) PROVIDER.tokensFor("oidc", user, claims).get("access_token");
    }

    private static HttpResponse<String> relay(String authorization) {
        var request = Browser.request(SERVICE.url("/relay/me")).header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new Browser().send(request.GET());
    }
}
