package dev.portcullis.helidon;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

import dev.portcullis.helidon.spi.SignInPages;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that brings its own pages, as a CDI alternative of {@link SignInPages}: Portcullis answers with them,
 * with its own headers.
 */
@HelidonTest
@AddBean(value = ReplacedPagesTest.OurPages.class, scope = ApplicationScoped.class)
class ReplacedPagesTest {

    @RegisterExtension
    static final TestProvider PROVIDERS = TestProvider.builder().providers("oidc", "cognito").build();

    @Test
    void theApplicationsChoicePageIsServed() {
        HttpResponse<String> page = Http.get(PROVIDERS.url("/auth/login"), "Accept", "text/html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<p>ours: oidc cognito</p>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none';");
    }

    @Test
    void theApplicationsFailurePageIsServedWithTheFailuresStatus() {
        HttpResponse<String> page = Http.get(PROVIDERS.url("/auth/callback?error=access_denied"), "Accept", "text/html");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).isEqualTo("<p>ours failed: 400 Sign-in failed</p>");
    }

    @Test
    void theApplicationsSignOutConfirmationIsServedToANavigationFromAnotherSite() {
        HttpResponse<String> page = Http.get(PROVIDERS.url("/auth/logout"), "Accept", "text/html",
                "Sec-Fetch-Site", "cross-site");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<p>ours: sign out at " + PROVIDERS.baseUrl() + "/auth/logout</p>");
    }

    /** The application's pages. Not discovered (no bean-defining annotation): added to this test class only. */
    @Alternative
    @Priority(1)
    public static class OurPages implements SignInPages {

        @Override
        public String chooseProvider(List<ProviderChoice> choices) {
            return "<p>ours: " + choices.stream().map(ProviderChoice::name).collect(Collectors.joining(" ")) + "</p>";
        }

        @Override
        public String failed(Failure failure) {
            return "<p>ours failed: " + failure.status() + " " + failure.title() + "</p>";
        }

        @Override
        public String confirmLogout(URI signOut, URI stay) {
            return "<p>ours: sign out at " + signOut + "</p>";
        }
    }
}
