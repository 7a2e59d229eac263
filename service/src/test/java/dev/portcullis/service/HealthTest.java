package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MicroProfile Health on the Helidon server: {@code /health/live}, {@code /health/ready} (each enabled provider named,
 * up once its discovery document and signing keys were fetched) and {@code /health}, in the MicroProfile Health JSON,
 * open to anyone without a session. The unhappy side (a provider down at start-up) is in {@link ProviderFaultTest}.
 */
@HelidonTest
class HealthTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc", "cognito").build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    static final JsonObject READY = Json.createObjectBuilder().add("name", "portcullis-providers").add("status", "UP")
            .add("data", Json.createObjectBuilder().add("oidc", "UP").add("cognito", "UP")).build();

    @Test
    void readinessNamesEveryEnabledProviderAndIsUpOnceEachOnesDiscoveryAndSigningKeysWereFetched() {
        HttpResponse<String> ready = new Browser().getJson(SERVICE.url("/health/ready"));

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(json(ready)).isEqualTo(Json.createObjectBuilder().add("status", "UP")
                .add("checks", Json.createArrayBuilder().add(READY)).build());
        assertThat(PROVIDER.requests()).map(OAuth2HttpRequest::getUrl).map(url -> url.encodedPath())
                .contains("/oidc/.well-known/openid-configuration", "/oidc/jwks",
                        "/us-east-1_TestPool/.well-known/openid-configuration", "/us-east-1_TestPool/jwks");
    }

    @Test
    void portcullisAddsNoLivenessCheckSoAProviderOutageNeverRestartsTheService() {
        int asked = PROVIDER.requests().size();

        HttpResponse<String> live = new Browser().getJson(SERVICE.url("/health/live"));

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live)).isEqualTo(Json.createObjectBuilder().add("status", "UP")
                .add("checks", Json.createArrayBuilder()).build());
        assertThat(PROVIDER.requests()).hasSize(asked);
    }

    @Test
    void healthReportsLivenessAndReadinessTogether() {
        HttpResponse<String> health = new Browser().getJson(SERVICE.url("/health"));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health)).isEqualTo(Json.createObjectBuilder().add("status", "UP")
                .add("checks", Json.createArrayBuilder().add(READY)).build());
    }

    @Test
    void healthIsOpenToABrowserWithoutASessionAndIsNotRedirectedToSignIn() {
        HttpResponse<String> navigation = new Browser().get(SERVICE.url("/health/ready"));

        assertThat(navigation.statusCode()).isEqualTo(200);
        assertThat(json(navigation).getString("status")).isEqualTo("UP");
        assertThat(navigation.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void healthIgnoresCredentialsItDoesNotNeed() {
        Browser withDeadSession = new Browser();
        withDeadSession.setCookie("portcullis", "not-a-session");
        HttpResponse<String> cookie = withDeadSession.getJson(SERVICE.url("/health/live"));
        HttpResponse<String> bearer = new Browser().send(Browser.request(SERVICE.url("/health/live"))
                .header("Accept", "application/json").header("Authorization", "Bearer not-a-token"));

        assertThat(cookie.statusCode()).isEqualTo(200);
        assertThat(cookie.headers().allValues("Set-Cookie")).as("the guard does not run: no session is cleared").isEmpty();
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.headers().map()).doesNotContainKey("www-authenticate");
        assertThat(Map.of("live", json(bearer).getString("status"))).containsEntry("live", "UP");
    }
}
