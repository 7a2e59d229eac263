package dev.portcullis.service.testing;

import dev.portcullis.testing.EmbeddedProvider;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.portcullis.auth.Identity;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.TokenSet;

import io.helidon.config.mp.MpConfigSources;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Session cookies made by the auth module itself, through its public API, for states a test cannot reach by
 * signing in (an access token already expired, a refresh token the provider never issued), or sealed with a key
 * the service does not have. The ID token inside is a real one, signed with the embedded provider's key.
 */
public final class SealedSessions {

    private SealedSessions() {
    }

    /**
     * A session cookie value for the generic tenant's user.
     *
     * @param provider             the embedded provider
     * @param baseUrl              the service's base URL
     * @param sessionSecret        the session secret to seal with
     * @param accessTokenExpiresAt when the session's access token expires
     * @param refreshToken         the session's refresh token
     * @return the value of the {@code portcullis} cookie
     */
    public static String oidcSession(EmbeddedProvider provider, String baseUrl, String sessionSecret,
                                     Instant accessTokenExpiresAt, String refreshToken) {
        Map<String, String> settings = new LinkedHashMap<>(provider.settings("oidc"));
        settings.put("auth.provider", "oidc");
        settings.put("auth.base-url", baseUrl);
        settings.put("auth.session.secret", sessionSecret);
        OidcRelyingParty sealer = OidcRelyingParty.create(ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(settings)).build(), Clock.systemUTC());
        Instant now = Instant.now();
        String idToken = idToken(provider, now);
        Session session = new Session("oidc",
                new TokenSet("opaque-access-token", Optional.of(idToken), Optional.ofNullable(refreshToken), accessTokenExpiresAt, "Bearer"),
                new Identity("oidc", "alice", Set.of("admin"), Map.of("sub", "alice"), idToken, accessTokenExpiresAt,
                        Identity.Source.SESSION),
                now, now.plusSeconds(3600));
        List<SetCookie> cookies = sealer.sessions().write(session, Set.of());
        if (cookies.size() != 1) {
            throw new IllegalStateException("expected one cookie, got " + cookies);
        }
        return cookies.get(0).value();
    }

    /**
     * A signed-in browser's session, changed and sealed again: for a state sign-in cannot reach, such as an access
     * token about to expire or already expired, with the provider's real refresh token still inside.
     *
     * @param cookies       the browser's cookies, with every chunk of the session
     * @param provider      the provider name the session is of (it must be enabled in the sealer)
     * @param baseUrl       the service's base URL
     * @param sessionSecret the service's session secret
     * @param change        what to change
     * @return the new session cookies by name (every chunk)
     * @throws IllegalArgumentException when the cookies hold no session this secret opens
     */
    public static Map<String, String> reseal(Map<String, String> cookies, String provider, String baseUrl, String sessionSecret,
                                             java.util.function.UnaryOperator<Session> change) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("auth.provider", provider);
        settings.put("auth.base-url", baseUrl);
        settings.put("auth.session.secret", sessionSecret);
        // only read and written here, never sent anywhere: any issuer will do
        settings.put("auth." + provider + ".client-id", EmbeddedProvider.CLIENT_ID);
        settings.put("auth." + provider + ".client-secret", EmbeddedProvider.CLIENT_SECRET);
        switch (provider) {
            case "oidc" -> settings.put("auth.oidc.issuer", "http://127.0.0.1:1/oidc");
            case "cognito" -> {
                settings.put("auth.cognito.issuer", "http://127.0.0.1:1/" + EmbeddedProvider.COGNITO_POOL);
                settings.put("auth.cognito.domain", "http://127.0.0.1:1/cognito");
            }
            default -> throw new IllegalArgumentException(provider);
        }
        OidcRelyingParty sealer = OidcRelyingParty.create(ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(settings)).build(), Clock.systemUTC());
        Session session = sealer.sessions().read(cookies)
                .orElseThrow(() -> new IllegalArgumentException("the cookies hold no session"));
        Map<String, String> sealed = new LinkedHashMap<>();
        for (SetCookie cookie : sealer.sessions().write(change.apply(session), Set.of())) {
            sealed.put(cookie.name(), cookie.value());
        }
        return sealed;
    }

    /**
     * The same session with another access-token expiry.
     *
     * @param session   a session
     * @param expiresAt when its access token is to expire
     * @return the changed session
     */
    public static Session withAccessTokenExpiry(Session session, Instant expiresAt) {
        TokenSet tokens = session.tokens();
        Identity identity = session.identity();
        return new Session(session.provider(),
                new TokenSet(tokens.accessToken(), tokens.idToken(), tokens.refreshToken(), expiresAt, tokens.tokenType()),
                new Identity(identity.provider(), identity.subject(), identity.groups(), identity.claims(), identity.rawToken(),
                        expiresAt, identity.source()),
                session.createdAt(), session.expiresAt());
    }

    private static String idToken(EmbeddedProvider provider, Instant now) {
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(provider.signingKey("oidc").getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(provider.oidcIssuer().toString()).subject("alice")
                        .audience(EmbeddedProvider.CLIENT_ID).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                        .build());
        try {
            idToken.sign(new RSASSASigner(provider.signingKey("oidc")));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return idToken.serialize();
    }
}
