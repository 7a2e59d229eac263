package dev.portcullis.provider.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.portcullis.auth.ProviderConfigs;
import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.LogoutContext;
import dev.portcullis.auth.spi.LogoutTarget;
import dev.portcullis.auth.spi.OidcProvider;

/**
 * Logout at Cognito: always the managed-login domain's {@code /logout} with {@code client_id} and
 * {@code logout_uri}, never RP-Initiated Logout.
 */
class CognitoProviderLogoutTest {

    private static final String CLIENT_ID = "4k2j9cognitoappclient";
    private static final String ID_TOKEN = "eyJraWQiOiJrMSJ9.eyJ0b2tlbl91c2UiOiJpZCJ9.c2lnbmF0dXJlLWNvZ25pdG8";
    private static final URI RETURN_TO = URI.create("https://app.example/");
    private static final URI LOGOUT = URI.create("https://my-app.auth.eu-west-1.amazoncognito.com/logout");
    private static final URI END_SESSION = URI.create("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/logout");
    private static final URI TOKEN = URI.create("https://my-app.auth.eu-west-1.amazoncognito.com/oauth2/token");

    private final OidcProvider provider = create("my-app.auth.eu-west-1.amazoncognito.com");

    @Test
    void logoutIsTheManagedLoginDomainsLogout() {
        LogoutTarget target = provider.logoutTarget(context(Map.of(Endpoint.TOKEN, TOKEN))).orElseThrow();

        assertThat(target.endpoint()).isEqualTo(LOGOUT);
        assertThat(target.parameters()).containsExactly(
                entry("client_id", CLIENT_ID),
                entry("logout_uri", "https://app.example/"));
    }

    @Test
    void logoutIgnoresAnAdvertisedEndSessionEndpoint() {
        LogoutTarget target = provider.logoutTarget(context(Map.of(Endpoint.END_SESSION, END_SESSION, Endpoint.TOKEN, TOKEN)))
                .orElseThrow();

        assertThat(target.endpoint()).isEqualTo(LOGOUT);
        assertThat(target.parameters()).containsExactly(
                entry("client_id", CLIENT_ID),
                entry("logout_uri", "https://app.example/"));
    }

    @Test
    void logoutOnALoopbackDomainKeepsItsPath() {
        LogoutTarget target = create("http://127.0.0.1:9000/x").logoutTarget(context(Map.of())).orElseThrow();

        assertThat(target.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000/x/logout"));
    }

    @Test
    void logoutTargetToStringNeverShowsTheIdToken() {
        LogoutTarget target = provider.logoutTarget(context(Map.of(Endpoint.END_SESSION, END_SESSION))).orElseThrow();

        assertThat(target.toString()).doesNotContain(ID_TOKEN).contains(LOGOUT.toString());
    }

    private static OidcProvider create(String domain) {
        return new CognitoProviderFactory().create(ProviderConfigs.of("cognito", Map.of(
                "auth.cognito.region", "eu-west-1",
                "auth.cognito.user-pool-id", "eu-west-1_AbCdEf123",
                "auth.cognito.domain", domain,
                "auth.cognito.client-id", CLIENT_ID)));
    }

    private static LogoutContext context(Map<Endpoint, URI> endpoints) {
        return new LogoutContext(endpoints, CLIENT_ID, Optional.of(ID_TOKEN), RETURN_TO);
    }
}
