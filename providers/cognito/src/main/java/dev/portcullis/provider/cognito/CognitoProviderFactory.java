package dev.portcullis.provider.cognito;

import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.portcullis.auth.spi.ClientAuthentication;
import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.OidcProvider;
import dev.portcullis.auth.spi.OidcProviderFactory;
import dev.portcullis.auth.spi.ProviderConfig;
import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

/**
 * Amazon Cognito user pools ({@code auth.provider=cognito}).
 * <p>
 * Keys: {@code auth.cognito.region} and {@code .user-pool-id} (which give the issuer
 * {@code https://cognito-idp.{region}.amazonaws.com/{user-pool-id}}, or with {@code .issuer-type=updated}
 * {@code https://issuer-cognito-idp.{region}.amazonaws.com/{user-pool-id}}), {@code .domain} (required: the
 * managed-login domain, such as {@code my-app.auth.eu-west-1.amazoncognito.com} or a custom domain; it is not
 * the issuer's host), {@code .client-id}, {@code .client-secret}, {@code .issuer} (replaces region and pool id),
 * {@code .scopes} (default {@code openid,profile,email}), {@code .display-name}, {@code .issuer-type}
 * ({@code original}, the default, or {@code updated}), {@code .accepted-issuer-types} (the issuer types whose bearer
 * tokens are accepted, for a pool moving from one to the other; default: {@code .issuer-type} alone),
 * {@code .allowed-client-ids} (the app clients whose access tokens are accepted as bearer tokens; default:
 * {@code .client-id} alone).
 * <p>
 * Quirks: authorize, token, revoke and userinfo endpoints live on the managed-login domain; client
 * authentication is HTTP Basic; ID tokens carry {@code token_use=id}; access tokens carry no {@code aud} but
 * {@code client_id} and {@code token_use=access} (a machine-to-machine app client's {@code client_credentials} token
 * too, with its own {@code client_id}, its {@code scope}, and no {@code username}); groups are in
 * {@code cognito:groups}; logout is {@code {domain}/logout?client_id&logout_uri}.
 */
public final class CognitoProviderFactory implements OidcProviderFactory {

    /** The provider name: {@code auth.provider=cognito}. */
    public static final String NAME = "cognito";

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern POOL_ID = Pattern.compile("([a-z]{2}(-[a-z]+)+-\\d{1,2})_[A-Za-z0-9]+");

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public CognitoProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("region", "user-pool-id", "domain", "issuer", "scopes", "display-name", "identity-providers",
                "allowed-client-ids", "issuer-type", "accepted-issuer-types");
    }

    @Override
    public OidcProvider create(ProviderConfig config) {
        URI domain = config.hostOrUrl("domain").orElseThrow(() -> config.invalid("domain",
                "is required: the user pool's managed-login domain, such as my-app.auth.eu-west-1.amazoncognito.com"));
        Optional<URI> issuerOverride = config.url("issuer");
        Optional<IssuerType> issuerType = config.value("issuer-type").map(value -> IssuerType.parse(config, "issuer-type", value));
        List<String> acceptedTypes = config.list("accepted-issuer-types");
        for (String key : List.of("issuer-type", "accepted-issuer-types")) {
            if (issuerOverride.isPresent() && config.value(key).isPresent()) {
                // the issuer is given whole: a type beside it would be ignored, and an operator would think it applied
                throw config.invalid(key, "cannot be set together with " + config.key("issuer") + ", which names the issuer whole");
            }
        }
        String clientId = config.clientId();
        List<String> scopes = config.list("scopes");
        // every app client of the pool gets access tokens from the same issuer with the same keys: client_id alone tells
        // this service's users from another app's, or from a machine-to-machine client's
        List<String> listedClients = config.list("allowed-client-ids");
        Set<String> allowedClientIds = listedClients.isEmpty() ? Set.of(clientId) : new LinkedHashSet<>(listedClients);

        URI issuer;
        Map<URI, URI> otherIssuers = new LinkedHashMap<>();
        if (issuerOverride.isPresent()) {
            issuer = issuerOverride.get();
        } else {
            Pool pool = pool(config);
            IssuerType type = issuerType.orElse(IssuerType.ORIGINAL);
            issuer = type.issuer(pool.region(), pool.id());
            Set<IssuerType> accepted = EnumSet.noneOf(IssuerType.class);
            acceptedTypes.forEach(value -> accepted.add(IssuerType.parse(config, "accepted-issuer-types", value)));
            if (!accepted.isEmpty() && !accepted.contains(type)) {
                throw config.invalid("accepted-issuer-types", "must include " + type.name().toLowerCase(Locale.ROOT)
                        + ", the issuer type sign-in uses (" + config.key("issuer-type") + ")");
            }
            accepted.remove(type);
            for (IssuerType other : accepted) {
                // Cognito publishes each issuer's keys under it; there is no discovery to ask for the other one's
                URI otherIssuer = other.issuer(pool.region(), pool.id());
                otherIssuers.put(otherIssuer, URI.create(otherIssuer + "/.well-known/jwks.json"));
            }
        }

        ProviderDescriptor.Builder descriptor = ProviderDescriptor.builder(config.providerName(), issuer)
                .displayName(config.value("display-name").orElse("Amazon Cognito"))
                .scopes(scopes.isEmpty() ? List.of("openid", "profile", "email") : scopes)
                .clientAuthentication(ClientAuthentication.CLIENT_SECRET_BASIC)
                .endpoint(Endpoint.AUTHORIZATION, URI.create(domain + "/oauth2/authorize"))
                .endpoint(Endpoint.TOKEN, URI.create(domain + "/oauth2/token"))
                .endpoint(Endpoint.REVOCATION, URI.create(domain + "/oauth2/revoke"))
                .endpoint(Endpoint.USERINFO, URI.create(domain + "/oauth2/userInfo"))
                .idTokenRules(TokenRules.STANDARD.requireValue("token_use", "id"))
                .accessTokenRules(new TokenRules(Set.of(), Map.of("token_use", "access")).requireOneOf("client_id", allowedClientIds))
                .groupsClaim("cognito:groups")
                // one sign-in button per federated identity provider of the pool, straight to it
                .federatedSignIn("identity_provider", config.list("identity-providers"));
        otherIssuers.forEach(descriptor::otherBearerIssuer);
        return new CognitoProvider(descriptor.build(), domain);
    }

    /** A user pool's primary Region and id, checked against each other. */
    private record Pool(String region, String id) {
    }

    private static Pool pool(ProviderConfig config) {
        String region = config.require("region");
        if (!REGION.matcher(region).matches()) {
            throw config.invalid("region", "must be an AWS region such as eu-west-1");
        }
        String poolId = config.require("user-pool-id");
        var pool = POOL_ID.matcher(poolId);
        if (!pool.matches()) {
            throw config.invalid("user-pool-id", "must be a user pool id such as eu-west-1_AbCdEf123");
        }
        if (!pool.group(1).equals(region)) {
            throw config.invalid("user-pool-id", "belongs to region " + pool.group(1) + ", not " + region);
        }
        return new Pool(region, poolId);
    }
}
