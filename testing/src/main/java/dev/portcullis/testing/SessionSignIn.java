package dev.portcullis.testing;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.portcullis.auth.CallbackParameters;
import dev.portcullis.auth.LoginRedirect;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.SetCookie;

import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Signs test users in through Portcullis' own relying party, built from the application's settings: the authorization
 * request with PKCE, the provider's login form, the code exchange, the ID token validation, the session sealed with
 * the application's session secret. So the cookies are ones the application would have issued.
 */
final class SessionSignIn {

    private final Map<String, String> settings;
    private volatile OidcRelyingParty relyingParty;

    /**
     * @param settings the application's settings
     */
    SessionSignIn(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * Signs a user in at one of the enabled providers.
     *
     * @param shape      the provider
     * @param subject    the user's {@code sub}
     * @param claimsJson the claims the provider puts in the user's tokens
     * @return the session cookies by name (one, or a few chunks for a large session)
     */
    Map<String, String> sessionCookies(String shape, String subject, String claimsJson) {
        OidcRelyingParty party = relyingParty();
        LoginRedirect login = party.startLogin(Optional.of(shape), "/");
        URI authorize = login.authorizationUri();
        HttpResponse<String> toCallback = new Browser().submit(authorize, Map.of("username", subject, "claims", claimsJson), null);
        if (toCallback.statusCode() != 302) {
            throw new IllegalStateException("the provider's login form answered " + toCallback.statusCode());
        }
        Map<String, String> callback = SignIn.query(toCallback);
        dev.portcullis.auth.SignIn signIn = party.completeLogin(CallbackParameters.of(callback.get("code"), callback.get("state"),
                callback.get("iss"), callback.get("error")), Optional.of(login.stateCookie().value()));
        Map<String, String> cookies = new LinkedHashMap<>();
        for (SetCookie cookie : party.sessions().write(signIn.session(), Set.of())) {
            cookies.put(cookie.name(), cookie.value());
        }
        return cookies;
    }

    private OidcRelyingParty relyingParty() {
        OidcRelyingParty party = relyingParty;
        if (party == null) {
            // built on first use, not with the test provider: the settings of a test that signs no one in may be ones
            // this cannot resolve yet (a secret kept in a store the test fills later, say)
            party = OidcRelyingParty.create(ConfigProviderResolver.instance().getBuilder()
                    .withSources(new TestProviderConfigSource.Fixed(settings)).build(), Clock.systemUTC());
            relyingParty = party;
        }
        return party;
    }
}
