package dev.portcullis.helidon;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several providers: a browser sent to sign in without {@code provider=} chooses one on a page under the base path.
 */
@HelidonTest
class ProviderChoiceTest {

    @RegisterExtension
    static final TestProvider PROVIDERS = TestProvider.builder().providers("cognito", "oidc")
            .setting("auth.cognito.display-name", "Amazon Cognito <staff>")
            .build();

    static final Pattern BUTTON = Pattern.compile("<a class=\"button\" href=\"([^\"]*)\">Sign in with ([^<]*)</a>");

    @Test
    void aBrowserWithoutAProviderGetsOneButtonPerProviderEachKeepingWhereToReturn() {
        HttpResponse<String> page = Http.get(PROVIDERS.url("/auth/login?return_to=/things"), "Accept", "text/html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none';");
        assertThat(page.body()).contains("<link rel=\"stylesheet\" href=\"" + PROVIDERS.baseUrl() + "/auth/assets/portcullis.css\">");
        assertThat(buttons(page.body())).containsExactly(
                PROVIDERS.baseUrl() + "/auth/login?provider=cognito&amp;return_to=%2Fthings Amazon Cognito &lt;staff&gt;",
                PROVIDERS.baseUrl() + "/auth/login?provider=oidc&amp;return_to=%2Fthings OpenID Connect");
    }

    @Test
    void eachButtonStartsASignInWithItsProvider() {
        HttpResponse<String> cognito = Http.get(PROVIDERS.url("/auth/login?provider=cognito&return_to=%2Fthings"), "Accept", "text/html");
        HttpResponse<String> oidc = Http.get(PROVIDERS.url("/auth/login?provider=oidc"), "Accept", "text/html");

        assertThat(cognito.statusCode()).isEqualTo(302);
        assertThat(URI.create(cognito.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/cognito/oauth2/authorize");
        assertThat(URI.create(oidc.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/oidc/authorize");
    }

    @Test
    void aScriptWithoutAProviderGoesToTheDefaultOne() {
        HttpResponse<String> login = Http.get(PROVIDERS.url("/auth/login"), "Accept", "application/json");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(URI.create(login.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/cognito/oauth2/authorize");
    }

    @Test
    void anUnsafeReturnToBecomesTheDefaultOneOnEveryButton() {
        HttpResponse<String> page = Http.get(PROVIDERS.url("/auth/login?return_to=https://evil.example/"), "Accept", "text/html");

        assertThat(buttons(page.body())).hasSize(2)
                .allSatisfy(button -> assertThat(button).doesNotContain("return_to").doesNotContain("evil"));
    }

    private static List<String> buttons(String page) {
        Matcher matcher = BUTTON.matcher(page);
        return matcher.results().map(result -> result.group(1) + " " + result.group(2)).toList();
    }
}
