package dev.portcullis.provider.auth0;

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
 * Logout at Auth0: RP-Initiated Logout where the tenant advertises it, else Auth0's {@code /v2/logout}.
 */
class Auth0ProviderLogoutTest {

    private static final String CLIENT_ID = "Xy7pQ2portalClient";
    private static final String ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHxhbGljZSJ9.c2lnbmF0dXJlLWF1dGgw";
    private static final URI RETURN_TO = URI.create("https://app.example/");
    private static final URI END_SESSION = URI.create("https://tenant.eu.auth0.com/oidc/logout");
    private static final URI TOKEN = URI.create("https://tenant.eu.auth0.com/oauth/token");

    private final OidcProvider provider = create("tenant.eu.auth0.com");

    @Test
    void withAnEndSessionEndpointLogoutIsRpInitiated() {
        LogoutTarget target = provider.logoutTarget(context(Map.of(Endpoint.END_SESSION, END_SESSION, Endpoint.TOKEN, TOKEN)))
                .orElseThrow();

        assertThat(target.endpoint()).isEqualTo(END_SESSION);
        assertThat(target.parameters()).containsExactly(
                entry("id_token_hint", ID_TOKEN),
                entry("post_logout_redirect_uri", "https://app.example/"),
                entry("client_id", CLIENT_ID));
    }

    @Test
    void withoutAnEndSessionEndpointLogoutIsAuth0sV2Logout() {
        LogoutTarget target = provider.logoutTarget(context(Map.of(Endpoint.TOKEN, TOKEN))).orElseThrow();

        assertThat(target.endpoint()).isEqualTo(URI.create("https://tenant.eu.auth0.com/v2/logout"));
        assertThat(target.parameters()).containsExactly(
                entry("client_id", CLIENT_ID),
                entry("returnTo", "https://app.example/"));
    }

    @Test
    void v2LogoutIsOnTheConfiguredDomainEvenWhenTheIssuerDiffers() {
        OidcProvider custom = new Auth0ProviderFactory().create(ProviderConfigs.of("auth0", Map.of(
                "auth.auth0.domain", "https://login.example.com/",
                "auth.auth0.issuer", "https://tenant.eu.auth0.com/",
                "auth.auth0.client-id", CLIENT_ID)));

        LogoutTarget target = custom.logoutTarget(context(Map.of())).orElseThrow();

        assertThat(target.endpoint()).isEqualTo(URI.create("https://login.example.com/v2/logout"));
    }

    @Test
    void v2LogoutOnALoopbackDomainKeepsItsPath() {
        LogoutTarget target = create("http://127.0.0.1:9000/x").logoutTarget(context(Map.of())).orElseThrow();

        assertThat(target.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000/x/v2/logout"));
    }

    @Test
    void logoutTargetToStringNeverShowsTheIdToken() {
        LogoutTarget rpInitiated = provider.logoutTarget(context(Map.of(Endpoint.END_SESSION, END_SESSION))).orElseThrow();
        LogoutTarget v2 = provider.logoutTarget(context(Map.of())).orElseThrow();

        assertThat(rpInitiated.parameters()).containsValue(ID_TOKEN);
        assertThat(rpInitiated.toString()).doesNotContain(ID_TOKEN).contains(END_SESSION.toString());
        assertThat(v2.toString()).doesNotContain(ID_TOKEN).contains("https://tenant.eu.auth0.com/v2/logout");
    }

    private static OidcProvider create(String domain) {
        return new Auth0ProviderFactory().create(ProviderConfigs.of("auth0", Map.of(
                "auth.auth0.domain", domain,
                "auth.auth0.client-id", CLIENT_ID)));
    }

    private static LogoutContext context(Map<Endpoint, URI> endpoints) {
        return new LogoutContext(endpoints, CLIENT_ID, Optional.of(ID_TOKEN), RETURN_TO);
    }
}
