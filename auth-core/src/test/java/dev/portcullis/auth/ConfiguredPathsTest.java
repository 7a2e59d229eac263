package dev.portcullis.auth;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.base-path}, {@code auth.default-return-to} and {@code auth.post-logout-path} with values other than their
 * defaults, as a provider and a browser see them: in the authorization request, in the login state the callback
 * reads, and in the logout redirect. Against a real OpenID provider on loopback (mock-oauth2-server).
 */
class ConfiguredPathsTest {

    MockOAuth2Server provider;
    Map<String, String> config;
    OidcRelyingParty party;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        config = new HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", provider.issuerUrl("test").toString());
        config.put("auth.test.client-id", "client-1");
        config.put("auth.test.client-secret", "secret-1");
        config.put("auth.base-path", "/sign-in");
        config.put("auth.default-return-to", "/home");
        config.put("auth.post-logout-path", "/signed-out");
        party = OidcRelyingParty.create(TestConfig.values(config), Clock.systemUTC(), Map.of("test", new FakeProviderFactory("test")));
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    @Test
    void theAuthorizationRequestNamesTheCallbackUnderTheBasePath() {
        LoginRedirect redirect = party.startLogin(Optional.empty(), "/api/me");

        assertThat(query(redirect.authorizationUri()).get("redirect_uri")).containsExactly("https://app.example/sign-in/callback");
        assertThat(party.settings().redirectUri()).isEqualTo(URI.create("https://app.example/sign-in/callback"));
    }

    @Test
    void aSignInThatAskedForNoSafeReturnPathReturnsToTheDefaultReturnPath() {
        assertThat(returnToOf(party.startLogin(Optional.empty(), null))).isEqualTo("/home");
        assertThat(returnToOf(party.startLogin(Optional.empty(), "https://evil.example/"))).isEqualTo("/home");
        assertThat(returnToOf(party.startLogin(Optional.empty(), "/api/me"))).isEqualTo("/api/me");
        assertThat(returnToOf(party.startLogin(Optional.empty(), "/"))).as("asked for, and safe").isEqualTo("/");
    }

    @Test
    void theProviderLogoutReturnsToThePostLogoutPath() {
        URI logout = party.logout(Optional.of(session()));

        assertThat(query(logout).get("post_logout_redirect_uri")).containsExactly("https://app.example/signed-out");
    }

    @Test
    void aLogoutWithoutProviderLogoutGoesToThePostLogoutPath() {
        assertThat(party.logout(Optional.empty())).isEqualTo(URI.create("https://app.example/signed-out"));
    }

    /** The return path the login-state cookie carries to the callback, read the way the callback reads it. */
    private String returnToOf(LoginRedirect redirect) {
        AuthSettings settings = party.settings();
        LoginStateCodec codec = new LoginStateCodec(new CookieCipher(settings.sessionSecrets(), "login"),
                new CookieNames(settings.secureCookies()), settings.secureCookies());
        return codec.read(redirect.stateCookie().value()).orElseThrow().returnTo().path();
    }

    private Session session() {
        Instant now = Instant.now();
        TokenSet tokens = new TokenSet("access-1", Optional.of("id-token-1"), Optional.empty(), now.plusSeconds(300), "Bearer");
        Identity identity = new Identity("test", "alice", Set.of(), Map.of("sub", "alice"), "id-token-1", now.plusSeconds(300),
                Identity.Source.SESSION);
        return new Session("test", tokens, identity, now, now.plusSeconds(3600));
    }

    private static Map<String, List<String>> query(URI uri) {
        return URLUtils.parseParameters(uri.getRawQuery());
    }
}
