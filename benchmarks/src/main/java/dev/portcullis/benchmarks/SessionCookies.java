package dev.portcullis.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.portcullis.auth.Identity;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.TokenSet;
import jakarta.enterprise.inject.spi.CDI;

/**
 * A browser session for the benchmarks, sealed by the running application's own relying party (so with its session
 * secret): the Cognito user pool's, its access token the benchmark's token, valid for an hour so that no refresh runs.
 * The ID token in it is not verified again when the cookie is read (the cookie is authenticated), so an unsigned one
 * with the claims a session needs serves.
 */
final class SessionCookies {

    private SessionCookies() {
    }

    /** {@return the session's cookies, {@code name=value} each} */
    static List<String> sealed(String accessToken) {
        OidcRelyingParty party = CDI.current().select(OidcRelyingParty.class).get();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://cognito-idp.us-east-1.amazonaws.com/bench")
                .subject("bench-user").audience("bench-client").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).build();
        String idToken = new PlainJWT(claims).serialize();
        TokenSet tokens = new TokenSet(accessToken, Optional.of(idToken), Optional.empty(), now.plus(Duration.ofHours(1)), "Bearer");
        Identity identity = new Identity("cognito", "bench-user", Set.of(), claims.getClaims(), idToken, now.plus(Duration.ofHours(1)),
                Identity.Source.SESSION);
        Session session = new Session("cognito", tokens, identity, now, now.plus(Duration.ofHours(12)));
        return party.sessions().write(session, Set.of()).stream().map(cookie -> cookie.name() + "=" + cookie.value()).toList();
    }
}
