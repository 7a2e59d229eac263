package dev.portcullis.helidon;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Step-up ({@link StepUp}, RFC 9470) over real HTTP against the embedded provider: a session whose sign-in is too old or
 * too weak is sent to sign in again with {@code max_age}/{@code acr_values}, and the new ID token is checked at the
 * callback; an API caller gets 401 {@code insufficient_user_authentication} naming what is demanded.
 */
@HelidonTest
class StepUpTest {

    @RegisterExtension
    static final TestProvider OIDC = TestProvider.builder().providers("oidc").build();

    @Test
    void aSessionSignedInAnHourAgoIsSentToSignInAgainAskingForMaxAgeAndComesBack() {
        Browser browser = new Browser();
        assertThat(SignIn.complete(browser, OIDC.url("/auth/login"), "alice", authTime(3600)).statusCode()).isEqualTo(302);

        HttpResponse<String> stale = browser.get(OIDC.url("/sensitive/recent"));

        assertThat(stale.statusCode()).isEqualTo(302);
        URI stepUp = URI.create(stale.headers().firstValue("Location").orElseThrow());
        assertThat(stepUp.toString()).isEqualTo(OIDC.baseUrl() + "/auth/login?provider=oidc&max_age=300&return_to=%2Fsensitive%2Frecent");
        HttpResponse<String> toProvider = browser.get(stepUp);
        assertThat(SignIn.query(toProvider)).containsEntry("max_age", "300");

        HttpResponse<String> callback = SignIn.complete(browser, stepUp, "alice", authTime(10));
        assertThat(callback.headers().firstValue("Location")).contains(OIDC.baseUrl() + "/sensitive/recent");
        HttpResponse<String> fresh = browser.get(OIDC.url("/sensitive/recent"));
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).isEqualTo("\"recent enough\"");
    }

    @Test
    void aStepUpSignInWhoseIdTokenIsStillTooOldIsRefusedAtTheCallback() {
        Browser browser = new Browser();
        URI stepUp = OIDC.url("/auth/login?provider=oidc&max_age=300&return_to=%2Fsensitive%2Frecent");

        HttpResponse<String> callback = SignIn.complete(browser, stepUp, "alice", authTime(3600));
        HttpResponse<String> withoutAuthTime = SignIn.complete(new Browser(), stepUp, "alice", "{}");

        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(withoutAuthTime.statusCode()).as("a provider that does not say when is not trusted to have checked").isEqualTo(400);
        assertThat(browser.cookies()).doesNotContainKey("portcullis");
    }

    @Test
    void aSessionWithoutTheMfaClassIsAskedForItAndAMultiFactorSignInPasses() {
        Browser browser = new Browser();
        SignIn.complete(browser, OIDC.url("/auth/login"), "alice", "{\"acr\":\"urn:portcullis:test:pwd\"}");

        HttpResponse<String> weak = browser.get(OIDC.url("/sensitive/mfa"));
        assertThat(weak.headers().firstValue("Location").orElseThrow())
                .isEqualTo(OIDC.baseUrl() + "/auth/login?provider=oidc&acr_values=urn%3Aportcullis%3Atest%3Amfa&return_to=%2Fsensitive%2Fmfa");

        SignIn.complete(browser, URI.create(weak.headers().firstValue("Location").orElseThrow()), "alice",
                "{\"acr\":\"" + SensitiveResource.MFA + "\"}");
        assertThat(browser.get(OIDC.url("/sensitive/mfa")).statusCode()).isEqualTo(200);
    }

    @Test
    void anApiCallerWhoseTokenIsTooWeakGets401InsufficientUserAuthenticationNamingTheDemand() {
        String weak = (String) OIDC.provider().tokensFor("oidc", "alice", "{\"acr\":\"urn:portcullis:test:pwd\"}").get("access_token");
        String strong = (String) OIDC.provider().tokensFor("oidc", "alice", "{\"acr\":\"" + SensitiveResource.MFA + "\"}")
                .get("access_token");

        HttpResponse<String> refused = Http.get(OIDC.url("/sensitive/mfa"), "Authorization", "Bearer " + weak, "Accept", "application/json");
        HttpResponse<String> tooOld = Http.get(OIDC.url("/sensitive/recent"), "Authorization", "Bearer " + weak, "Accept", "application/json");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"insufficient_user_authentication\", "
                + "error_description=\"A stronger authentication is required\", acr_values=\"urn:portcullis:test:mfa\"");
        assertThat(refused.body()).isEqualTo("{\"error\":\"insufficient_user_authentication\",\"message\":\"A stronger authentication is required\"}");
        assertThat(tooOld.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"insufficient_user_authentication\", "
                + "error_description=\"A more recent authentication is required\", max_age=300");
        assertThat(Http.get(OIDC.url("/sensitive/mfa"), "Authorization", "Bearer " + strong, "Accept", "application/json").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aScriptWithASessionThatIsTooOldGets401NotARedirect() {
        String session = OIDC.sessionCookie(dev.portcullis.testing.TestUser.named("alice"));

        HttpResponse<String> refused = Http.get(OIDC.url("/sensitive/recent"), "Cookie", session, "Accept", "application/json");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Location")).isEmpty();
    }

    private static String authTime(long secondsAgo) {
        return "{\"auth_time\":" + (Instant.now().getEpochSecond() - secondsAgo) + "}";
    }
}
