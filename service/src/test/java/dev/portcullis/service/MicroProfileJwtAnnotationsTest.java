package dev.portcullis.service;

import java.net.URI;
import java.net.http.HttpResponse;

import dev.portcullis.service.annotations.AnnotatedApplication;
import dev.portcullis.service.annotations.AnnotatedResource;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standard annotations and {@code JsonWebToken} in a user's own JAX-RS application, for a Cognito session
 * and a Cognito bearer token: {@code cognito:groups} become MP JWT {@code groups} and roles.
 */
@HelidonTest
@AddBean(AnnotatedApplication.class)
@AddBean(AnnotatedResource.class)
class MicroProfileJwtAnnotationsTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito").build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();
    static final String STAFF = "{\"cognito:groups\":[\"staff\"],\"address\":{\"country\":\"NZ\"}}";

    @Test
    void classLevelRolesAllowedAppliesToUnannotatedMethods() {
        assertThat(asApi(null, "/user-app/annotated/staff").statusCode()).isEqualTo(401);
        assertThat(asApi(token("{\"cognito:groups\":[\"other\"]}"), "/user-app/annotated/staff").statusCode()).isEqualTo(403);
        assertThat(asApi(token(STAFF), "/user-app/annotated/staff").statusCode()).isEqualTo(200);
    }

    @Test
    void methodLevelRolesAllowedReplacesTheClassLevelOneAndAcceptsAnyListedRole() {
        assertThat(asApi(token(STAFF), "/user-app/annotated/admin-or-auditor").statusCode()).isEqualTo(403);
        assertThat(asApi(token("{\"cognito:groups\":[\"auditor\"]}"), "/user-app/annotated/admin-or-auditor").statusCode())
                .isEqualTo(200);
    }

    @Test
    void permitAllLetsAnonymousCallersThroughAndStillRecognisesSignedInOnes() {
        HttpResponse<String> anonymous = asApi(null, "/user-app/annotated/open");
        HttpResponse<String> signedIn = asApi(token(STAFF), "/user-app/annotated/open");

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(json(anonymous).getString("name")).isEqualTo("anonymous");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(json(signedIn).getString("name")).isEqualTo("dana");
    }

    @Test
    void denyAllRefusesEvenAnAdmin() {
        assertThat(asApi(token("{\"cognito:groups\":[\"admin\",\"staff\"]}"), "/user-app/annotated/closed").statusCode())
                .isEqualTo(403);
    }

    @Test
    void injectedJsonWebTokenOfABearerCallerFollowsTheMicroProfileTypes() {
        JsonObject body = json(asApi(token(STAFF), "/user-app/annotated/staff"));

        assertThat(body.getString("name")).isEqualTo("dana");
        assertThat(body.getString("principal")).isEqualTo("dana");
        assertThat(body.getJsonArray("groups").getString(0)).isEqualTo("staff");
        assertThat(body.getJsonArray("audience")).isEmpty();
        assertThat(body.getJsonNumber("exp").longValue()).isGreaterThan(java.time.Instant.now().getEpochSecond());
        assertThat(body.getString("issuer")).isEqualTo(PROVIDER.cognitoIssuer().toString());
        assertThat(body.getBoolean("rawTokenIsJwt")).isTrue();
        assertThat(body.getBoolean("claimNamesHaveGroups")).isTrue();
        assertThat(body.getBoolean("inRoleAdmin")).isFalse();
        assertThat(body.getJsonObject("address").getString("country")).isEqualTo("NZ");
    }

    @Test
    void injectedJsonWebTokenOfABrowserSessionIsTheIdToken() {
        Browser browser = new Browser();
        SignIn.complete(browser, SERVICE.url("/auth/login"), "erin", "{\"cognito:groups\":[\"staff\",\"admin\"]}");

        HttpResponse<String> response = browser.getJson(SERVICE.url("/user-app/annotated/staff"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject body = json(response);
        assertThat(body.getString("name")).isEqualTo("erin");
        assertThat(body.getJsonArray("audience").getString(0)).isEqualTo(EmbeddedProvider.CLIENT_ID);
        assertThat(body.getBoolean("inRoleAdmin")).isTrue();
    }

    @Test
    void aStateChangingRequestWithTheSessionCookieMustComeFromThisSite() {
        Browser browser = new Browser();
        SignIn.complete(browser, SERVICE.url("/auth/login"), "erin", "{\"cognito:groups\":[\"staff\"]}");

        assertThat(post(browser, "https://evil.example", null).statusCode()).isEqualTo(403);
        assertThat(post(browser, null, "same-site").statusCode()).as("a sibling subdomain").isEqualTo(403);
        assertThat(post(browser, null, "cross-site").statusCode()).isEqualTo(403);
        assertThat(post(browser, SERVICE.baseUrl().toString(), "same-origin").statusCode()).isEqualTo(200);
        assertThat(post(browser, null, null).statusCode()).as("no browser headers: not a browser").isEqualTo(200);
    }

    @Test
    void aBearerCallerNeedsNoOriginForStateChangingRequests() {
        HttpResponse<String> response = new Browser().send(Browser.request(SERVICE.url("/user-app/annotated/staff"))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token(STAFF))
                .header("Origin", "https://other-app.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> post(Browser browser, String origin, String fetchSite) {
        var request = Browser.request(SERVICE.url("/user-app/annotated/staff")).header("Accept", "application/json");
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (fetchSite != null) {
            request.header("Sec-Fetch-Site", fetchSite);
        }
        return browser.send(request.POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    }

    private static String token(String claims) {
        return (String) PROVIDER.tokensFor("cognito", "dana", claims).get("access_token");
    }

    private static HttpResponse<String> asApi(String token, String path) {
        URI uri = SERVICE.url(path);
        var request = Browser.request(uri).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return new Browser().send(request.GET());
    }
}
