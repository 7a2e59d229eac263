package com.example.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application on the Helidon server, with Portcullis for a Cognito user pool: its own resources are guarded, for
 * bearer callers and browser sessions, and the sign-in endpoints are there, with no code of Portcullis' in it.
 */
@HelidonTest
class OrdersTest {

    @RegisterExtension
    static final TestProvider COGNITO = TestProvider.shapedAs("cognito");

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final TestUser STAFF = TestUser.named("sam").inGroups("staff");
    static final TestUser ALICE = TestUser.named("alice");

    @Test
    void staffSeeEveryOrderWithABearerToken() {
        HttpResponse<String> orders = get("/orders", "Authorization", "Bearer " + COGNITO.bearerToken(STAFF));

        assertEquals(200, orders.statusCode());
        assertTrue(orders.body().contains("\"o-1\"") && orders.body().contains("\"o-2\""), orders.body());
    }

    @Test
    void aCustomerIsForbiddenTheWholeListButSeesTheirOwnOrdersInABrowserSession() {
        String session = COGNITO.sessionCookie(ALICE);

        HttpResponse<String> all = get("/orders", "Cookie", session, "Accept", "application/json");
        HttpResponse<String> mine = get("/orders/mine", "Cookie", session, "Accept", "application/json");

        assertEquals(403, all.statusCode());
        assertEquals(200, mine.statusCode());
        assertEquals("[{\"id\":\"o-1\",\"customer\":\"alice\",\"items\":\"3 tea towels\"}]", mine.body());
    }

    @Test
    void anAnonymousCallerIsRefusedAndABrowserIsSentToSignIn() {
        HttpResponse<String> script = get("/orders/mine", "Accept", "application/json");
        HttpResponse<String> browser = get("/orders/mine", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        assertEquals(401, script.statusCode());
        assertEquals("Bearer", script.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(302, browser.statusCode());
        assertEquals(COGNITO.baseUrl() + "/auth/login?return_to=%2Forders%2Fmine", browser.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void theRootIsTheApplicationsOwnAndGreetsASignedInCaller() {
        assertEquals("Welcome. Sign in at /auth/login.", get("/").body());
        assertEquals("Welcome, alice.", get("/", "Cookie", COGNITO.sessionCookie(ALICE)).body());
    }

    @Test
    void signInGoesStraightToTheOnlyProvider() {
        HttpResponse<String> login = get("/auth/login?return_to=/orders/mine", "Accept", "text/html");

        assertEquals(302, login.statusCode());
        URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
        assertEquals("/cognito/oauth2/authorize", authorize.getPath());
        assertTrue(authorize.getRawQuery().contains("code_challenge_method=S256"), authorize.toString());
    }

    @Test
    void aStateChangingRequestWithASessionMustComeFromThisSite() {
        String session = COGNITO.sessionCookie(STAFF);

        HttpResponse<String> fromElsewhere = post("/orders", "Cookie", session, "Origin", "https://evil.example");
        HttpResponse<String> fromHere = post("/orders", "Cookie", session, "Origin", COGNITO.baseUrl().toString());

        assertEquals(403, fromElsewhere.statusCode());
        assertEquals(200, fromHere.statusCode());
    }

    static HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(COGNITO.url(path)).GET(), headers);
    }

    static HttpResponse<String> post(String path, String... headers) {
        return send(HttpRequest.newBuilder(COGNITO.url(path)).POST(HttpRequest.BodyPublishers.noBody()), headers);
    }

    static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
