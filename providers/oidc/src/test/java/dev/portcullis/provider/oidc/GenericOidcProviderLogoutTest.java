package dev.portcullis.provider.oidc;

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
 * Logout at a standard provider: RP-Initiated Logout where discovery names an end-session endpoint, none
 * otherwise.
 */
class GenericOidcProviderLogoutTest {

    private static final String CLIENT_ID = "shop-portal";
    private static final String ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9pZGM";
    private static final URI RETURN_TO = URI.create("https://app.example/");
    private static final URI END_SESSION = URI.create("https://login.example.com/realms/shop/protocol/openid-connect/logout");
    private static final URI TOKEN = URI.create("https://login.example.com/realms/shop/protocol/openid-connect/token");

    private final OidcProvider provider = new GenericOidcProviderFactory().create(ProviderConfigs.of("oidc", Map.of(
            "auth.oidc.issuer", "https://login.example.com/realms/shop",
            "auth.oidc.client-id", CLIENT_ID)));

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
    void withoutAnIdTokenTheHintIsLeftOut() {
        LogoutContext context = new LogoutContext(Map.of(Endpoint.END_SESSION, END_SESSION), CLIENT_ID, Optional.empty(), RETURN_TO);

        LogoutTarget target = provider.logoutTarget(context).orElseThrow();

        assertThat(target.endpoint()).isEqualTo(END_SESSION);
        assertThat(target.parameters()).containsExactly(
                entry("post_logout_redirect_uri", "https://app.example/"),
                entry("client_id", CLIENT_ID));
    }

    @Test
    void withoutAnEndSessionEndpointThereIsNoProviderLogout() {
        assertThat(provider.logoutTarget(context(Map.of(Endpoint.TOKEN, TOKEN)))).isEmpty();
    }

    @Test
    void logoutTargetToStringNeverShowsTheIdToken() {
        LogoutTarget target = provider.logoutTarget(context(Map.of(Endpoint.END_SESSION, END_SESSION))).orElseThrow();

        assertThat(target.parameters()).containsValue(ID_TOKEN);
        assertThat(target.toString()).doesNotContain(ID_TOKEN).contains(END_SESSION.toString());
    }

    private static LogoutContext context(Map<Endpoint, URI> endpoints) {
        return new LogoutContext(endpoints, CLIENT_ID, Optional.of(ID_TOKEN), RETURN_TO);
    }
}
