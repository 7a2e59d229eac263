package dev.portcullis.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.auth.Identity;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.SetCookie;
import dev.portcullis.auth.TokenSet;
import dev.portcullis.lambda.LambdaHandler;
import jakarta.enterprise.inject.spi.CDI;

/**
 * The size of a signed-in session's {@code Set-Cookie} headers per provider type: {@code CookieSizes}.
 * <p>
 * Boots the service's Lambda handler (so the session cookies are sealed by the running application's own codec, with
 * its names and attributes: {@code AUTH_BASE_URL} on https gives {@code __Host-} and {@code Secure}), then seals one
 * session per provider type with an ID token, access token and refresh token shaped as that provider issues them to a
 * web application that asked for {@code openid profile email} (and {@code offline_access} at Auth0), for a user in two
 * groups. The tokens are minted here, RSA-2048 signed, with the claims each provider puts in them; where a provider's
 * token is opaque to the client (Auth0's refresh token, Cognito's encrypted one) its length is an assumption, printed
 * with the rest. Prints, per provider: each token's length, the number of cookies, each cookie's {@code name=value}
 * bytes and whole {@code Set-Cookie} header bytes.
 */
public final class CookieSizes {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> GROUPS = List.of("admin", "order-managers");

    private CookieSizes() {
    }

    /**
     * Runs the measurement.
     *
     * @param args none
     * @throws Exception when the handler fails
     */
    public static void main(String[] args) throws Exception {
        new LambdaHandler();
        OidcRelyingParty party = CDI.current().select(OidcRelyingParty.class).get();
        RSAKey key = new RSAKeyGenerator(2048).keyID(b64(32)).generate();
        Instant now = Instant.now();
        for (String provider : List.of("auth0", "cognito", "oidc")) {
            Tokens tokens = switch (provider) {
                case "auth0" -> auth0(key, now);
                case "cognito" -> cognito(key, now);
                default -> keycloak(key, now);
            };
            Instant exp = now.plus(Duration.ofHours(1));
            TokenSet set = new TokenSet(tokens.access(), Optional.of(tokens.id()), Optional.of(tokens.refresh()), exp, "Bearer");
            Map<String, Object> claims = SignedJWT.parse(tokens.id()).getJWTClaimsSet().getClaims();
            Identity identity = new Identity(provider, (String) claims.get("sub"), new LinkedHashSet<>(GROUPS), claims, tokens.id(), exp,
                    Identity.Source.SESSION);
            Session session = new Session(provider, set, identity, now, now.plus(Duration.ofHours(12)));
            List<SetCookie> cookies = party.sessions().write(session, Set.of());
            StringBuilder line = new StringBuilder("RESULT provider=" + provider)
                    .append(" id_token=").append(tokens.id().length())
                    .append(" access_token=").append(tokens.access().length())
                    .append(" refresh_token=").append(tokens.refresh().length())
                    .append(" refresh_kind=").append(tokens.refreshKind())
                    .append(" cookies=").append(cookies.size());
            int pairTotal = 0;
            int headerTotal = 0;
            int largestPair = 0;
            int largestHeader = 0;
            for (SetCookie cookie : cookies) {
                int pair = bytes(cookie.name() + "=" + cookie.value());
                int header = bytes("Set-Cookie: " + cookie.headerValue());
                pairTotal += pair;
                headerTotal += header;
                largestPair = Math.max(largestPair, pair);
                largestHeader = Math.max(largestHeader, header);
            }
            line.append(" names=").append(String.join(",", cookies.stream().map(SetCookie::name).toList()))
                    .append(" pair_bytes=").append(pairTotal).append(" header_bytes=").append(headerTotal)
                    .append(" largest_pair_bytes=").append(largestPair).append(" largest_header_bytes=").append(largestHeader)
                    .append(" attributes=").append(cookies.get(0).headerValue().substring(cookies.get(0).name().length() + 1
                            + cookies.get(0).value().length()).replace(" ", ""));
            System.out.println(line);
        }
        System.exit(0);
    }

    private record Tokens(String id, String access, String refresh, String refreshKind) {
    }

    /**
     * An Auth0 tenant (database connection user, a post-login Action adding the roles claim): ID token with the
     * {@code profile} and {@code email} claims Auth0 fills (nickname, name, picture, updated_at), {@code sid}, nonce;
     * the access token for an API as {@link LoopbackProvider} mints it; the refresh token opaque, {@code v1.} and 128
     * base64url characters (assumed, as rotating refresh tokens look).
     */
    private static Tokens auth0(RSAKey key, Instant now) throws JOSEException {
        String issuer = "https://portcullis-bench.eu.auth0.com/";
        String clientId = b64(24);
        String subject = "auth0|" + HexFormat.of().formatHex(bytes(12));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
        JWTClaimsSet id = new JWTClaimsSet.Builder()
                .claim("https://portcullis.bench/roles", GROUPS)
                .claim("nickname", "jane.doe").claim("name", "jane.doe@example.com")
                .claim("picture", "https://s.gravatar.com/avatar/" + HexFormat.of().formatHex(bytes(16))
                        + "?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fja.png")
                .claim("updated_at", "2026-12-03T18:21:07.512Z").claim("email", "jane.doe@example.com").claim("email_verified", true)
                .issuer(issuer).audience(clientId).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(10))))
                .claim("sid", b64(24)).claim("nonce", b64(32)).build();
        JWTClaimsSet access = new JWTClaimsSet.Builder()
                .claim("https://portcullis.bench/roles", GROUPS)
                .issuer(issuer).subject(subject).audience(List.of("https://api.portcullis.bench", issuer + "userinfo"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("scope", "openid profile email offline_access").claim("azp", clientId)
                .claim("permissions", List.of("read:orders", "write:orders")).build();
        return new Tokens(sign(key, header, id), sign(key, header, access), "v1." + b64(96), "opaque");
    }

    /**
     * A Cognito user pool (managed login, a user in two groups): ID token and access token with the claims Cognito
     * puts in them; the refresh token a JWE (RSA-OAEP, A256GCM, {@code cty: JWT}) as Cognito issues it, of a random
     * 1,000-byte content (its content is Cognito's; the length, about 1,780 characters, is assumed from issued tokens).
     */
    private static Tokens cognito(RSAKey key, Instant now) throws JOSEException {
        String issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI";
        String clientId = "5l3k2j1h0g9f8e7d6c5b4a3z2y";
        String subject = UUID.randomUUID().toString();
        String originJti = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        long authTime = now.getEpochSecond();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(b64(33)).build();
        JWTClaimsSet id = new JWTClaimsSet.Builder()
                .claim("at_hash", b64(16)).subject(subject).claim("cognito:groups", GROUPS).claim("email_verified", true)
                .issuer(issuer).claim("cognito:username", subject).claim("origin_jti", originJti).audience(clientId)
                .claim("event_id", eventId).claim("token_use", "id").claim("auth_time", authTime)
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString()).claim("email", "jane.doe@example.com").build();
        JWTClaimsSet access = new JWTClaimsSet.Builder()
                .subject(subject).claim("cognito:groups", GROUPS).issuer(issuer).claim("version", 2).claim("client_id", clientId)
                .claim("origin_jti", originJti).claim("event_id", eventId).claim("token_use", "access")
                .claim("scope", "openid profile email").claim("auth_time", authTime)
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString()).claim("username", subject).build();
        JWEObject refresh = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP, EncryptionMethod.A256GCM).contentType("JWT").build(),
                new Payload(bytes(1000)));
        refresh.encrypt(new RSAEncrypter(key.toRSAPublicKey()));
        return new Tokens(sign(key, header, id), sign(key, header, access), refresh.serialize(), "jwe");
    }

    /**
     * A generic OpenID provider, shaped as Keycloak issues tokens (a realm with default client scopes and a groups
     * mapper): ID token and access token (with {@code realm_access}, {@code resource_access}, {@code allowed-origins})
     * RS256; the refresh token an HS512 JWT with Keycloak's refresh claims.
     */
    private static Tokens keycloak(RSAKey key, Instant now) throws JOSEException {
        String issuer = "https://sso.example.com/realms/portcullis";
        String clientId = "portcullis-web";
        String subject = UUID.randomUUID().toString();
        String sid = UUID.randomUUID().toString();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(b64(32)).build();
        Date exp = Date.from(now.plus(Duration.ofMinutes(5)));
        JWTClaimsSet id = new JWTClaimsSet.Builder()
                .expirationTime(exp).issueTime(Date.from(now)).claim("auth_time", now.getEpochSecond())
                .jwtID(UUID.randomUUID().toString()).issuer(issuer).audience(clientId).subject(subject)
                .claim("typ", "ID").claim("azp", clientId).claim("nonce", b64(32)).claim("sid", sid).claim("at_hash", b64(16))
                .claim("acr", "1").claim("email_verified", true).claim("name", "Jane Doe").claim("groups", GROUPS)
                .claim("preferred_username", "jane.doe").claim("given_name", "Jane").claim("family_name", "Doe")
                .claim("email", "jane.doe@example.com").build();
        JWTClaimsSet access = new JWTClaimsSet.Builder()
                .expirationTime(exp).issueTime(Date.from(now)).claim("auth_time", now.getEpochSecond())
                .jwtID(UUID.randomUUID().toString()).issuer(issuer).audience("account").subject(subject)
                .claim("typ", "Bearer").claim("azp", clientId).claim("nonce", b64(32)).claim("sid", sid).claim("acr", "1")
                .claim("allowed-origins", List.of("https://app.example.com"))
                .claim("realm_access", Map.of("roles", List.of("offline_access", "default-roles-portcullis", "uma_authorization")))
                .claim("resource_access", Map.of("account", Map.of("roles", List.of("manage-account", "manage-account-links", "view-profile"))))
                .claim("scope", "openid profile email").claim("email_verified", true).claim("name", "Jane Doe").claim("groups", GROUPS)
                .claim("preferred_username", "jane.doe").claim("given_name", "Jane").claim("family_name", "Doe")
                .claim("email", "jane.doe@example.com").build();
        JWTClaimsSet refresh = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(30)))).issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString()).issuer(issuer).audience(issuer).subject(subject)
                .claim("typ", "Refresh").claim("azp", clientId).claim("nonce", b64(32)).claim("sid", sid)
                .claim("scope", "openid profile web-origins acr roles email basic").build();
        SignedJWT refreshJwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS512).type(JOSEObjectType.JWT)
                .keyID(UUID.randomUUID().toString()).build(), refresh);
        refreshJwt.sign(new MACSigner(bytes(64)));
        return new Tokens(sign(key, header, id), sign(key, header, access), refreshJwt.serialize(), "jwt");
    }

    private static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String b64(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(bytes));
    }
}
