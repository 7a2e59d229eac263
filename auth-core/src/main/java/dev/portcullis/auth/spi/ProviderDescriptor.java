package dev.portcullis.auth.spi;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A provider's quirks, as data. Built once by the provider's factory; immutable.
 * <p>
 * The relying party merges this with the provider's discovery document by one rule: an
 * {@linkplain #endpointOverrides() endpoint override} always wins over the discovered endpoint.
 */
public final class ProviderDescriptor {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** Parameters the relying party sets itself; a provider may not replace them. */
    private static final Set<String> RESERVED_PARAMETERS = Set.of(
            "response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
            "code_challenge", "code_challenge_method", "response_mode", "request", "request_uri");

    private final String name;
    private final String displayName;
    private final URI issuer;
    private final URI discoveryUri;
    private final List<String> scopes;
    private final Map<String, String> authorizeParameters;
    private final ClientAuthentication clientAuthentication;
    private final Map<Endpoint, URI> endpointOverrides;
    private final TokenRules idTokenRules;
    private final TokenRules accessTokenRules;
    private final String groupsClaim;
    private final String federationParameter;
    private final List<String> identityProviders;
    private final Set<String> forwardableParameters;
    private final Map<URI, URI> otherBearerIssuers;

    private ProviderDescriptor(Builder builder) {
        this.name = builder.name;
        this.displayName = builder.displayName;
        this.issuer = builder.issuer;
        this.discoveryUri = builder.discoveryUri != null ? builder.discoveryUri : discoveryUriOf(builder.issuer);
        this.scopes = List.copyOf(builder.scopes);
        this.authorizeParameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.authorizeParameters));
        this.clientAuthentication = builder.clientAuthentication;
        this.endpointOverrides = Collections.unmodifiableMap(new EnumMap<>(builder.endpointOverrides));
        this.idTokenRules = builder.idTokenRules;
        this.accessTokenRules = builder.accessTokenRules;
        this.groupsClaim = builder.groupsClaim;
        this.federationParameter = builder.federationParameter;
        this.identityProviders = List.copyOf(builder.identityProviders);
        this.forwardableParameters = Set.copyOf(builder.forwardableParameters);
        this.otherBearerIssuers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.otherBearerIssuers));
    }

    /**
     * Starts a descriptor.
     *
     * @param name   the provider name ({@link OidcProviderFactory#name()})
     * @param issuer the exact issuer identifier: the {@code iss} of its tokens and of its discovery document
     * @return a builder
     */
    public static Builder builder(String name, URI issuer) {
        return new Builder(name, issuer);
    }

    /**
     * The discovery document location for an issuer (OpenID Connect Discovery 1.0, section 4): the issuer
     * without a trailing slash, then {@code /.well-known/openid-configuration}.
     *
     * @param issuer the issuer
     * @return the discovery URI
     */
    public static URI discoveryUriOf(URI issuer) {
        String base = issuer.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/.well-known/openid-configuration");
    }

    /**
     * The provider name.
     *
     * @return for example {@code cognito}
     */
    public String name() {
        return name;
    }

    /**
     * The name shown on the sign-in button.
     *
     * @return for example {@code Amazon Cognito}
     */
    public String displayName() {
        return displayName;
    }

    /**
     * The exact issuer identifier, compared character for character with {@code iss}.
     *
     * @return the issuer
     */
    public URI issuer() {
        return issuer;
    }

    /**
     * Where the discovery document is read from.
     *
     * @return the discovery URI
     */
    public URI discoveryUri() {
        return discoveryUri;
    }

    /**
     * The scopes requested at sign-in; always includes {@code openid}.
     *
     * @return the scopes, in order
     */
    public List<String> scopes() {
        return scopes;
    }

    /**
     * Extra authorization request parameters, for example Auth0's {@code audience}.
     *
     * @return the parameters, in order
     */
    public Map<String, String> authorizeParameters() {
        return authorizeParameters;
    }

    /**
     * The client authentication this provider prefers at its token endpoint. When the discovery document
     * lists {@code token_endpoint_auth_methods_supported} without it, the other method is used.
     *
     * @return the preferred method
     */
    public ClientAuthentication clientAuthentication() {
        return clientAuthentication;
    }

    /**
     * Endpoints that replace the discovered ones, for example Cognito's managed-login domain.
     *
     * @return the overrides
     */
    public Map<Endpoint, URI> endpointOverrides() {
        return endpointOverrides;
    }

    /**
     * Provider checks on ID tokens, on top of OpenID Connect Core's.
     *
     * @return the rules
     */
    public TokenRules idTokenRules() {
        return idTokenRules;
    }

    /**
     * Provider checks on access tokens presented as bearer tokens. Empty when this provider's access tokens
     * are not meant for this service (Auth0 without an API {@code audience}): bearer tokens from it are refused.
     *
     * @return the rules, or empty
     */
    public Optional<TokenRules> accessTokenRules() {
        return Optional.ofNullable(accessTokenRules);
    }

    /**
     * The claim that holds the user's groups, mapped to MicroProfile JWT {@code groups} and to roles.
     *
     * @return the claim name, for example {@code cognito:groups}
     */
    public String groupsClaim() {
        return groupsClaim;
    }

    /**
     * The authorization request parameter that sends the user straight to a federated identity provider, skipping
     * the provider's own sign-in page: Cognito's {@code identity_provider}, Auth0's {@code connection}.
     *
     * @return the parameter, when the provider has federated sign-in configured
     */
    public Optional<String> federationParameter() {
        return Optional.ofNullable(federationParameter);
    }

    /**
     * The federated identity providers to offer as sign-in buttons, each a value of {@link #federationParameter()}.
     *
     * @return their names, in the configured order; empty for none
     */
    public List<String> identityProviders() {
        return identityProviders;
    }

    /**
     * Parameters {@code /auth/login} passes through to this provider whatever {@code auth.<name>.forward-params} says,
     * because the provider's own links send them (Auth0's {@code invitation}); never one the relying party sets.
     *
     * @return the parameter names
     */
    public Set<String> forwardableParameters() {
        return forwardableParameters;
    }

    /**
     * Whether a parameter is one the relying party sets itself ({@code state}, {@code nonce}, {@code redirect_uri}, the
     * PKCE and response parameters, {@code client_id}, {@code scope}): never taken from configuration or a request.
     *
     * @param name a parameter name
     * @return whether it is reserved
     */
    public static boolean isReservedParameter(String name) {
        return RESERVED_PARAMETERS.contains(name);
    }

    /**
     * Further issuers whose access tokens are accepted as bearer tokens, with the same {@linkplain #accessTokenRules()
     * rules}, each verified with the keys of its own JWKS: the other issuer of a Cognito user pool while it moves from
     * one issuer format to the other, say. Sign-in, ID tokens and discovery use {@link #issuer()} alone.
     *
     * @return each further issuer, exactly as compared with {@code iss}, with where its JWKS is; empty for most providers
     */
    public Map<URI, URI> otherBearerIssuers() {
        return otherBearerIssuers;
    }

    @Override
    public String toString() {
        return "ProviderDescriptor[" + name + ", issuer=" + issuer + "]";
    }

    /**
     * Builds a {@link ProviderDescriptor}.
     */
    public static final class Builder {
        private final String name;
        private final URI issuer;
        private String displayName;
        private URI discoveryUri;
        private final List<String> scopes = new ArrayList<>(List.of("openid", "profile", "email"));
        private final Map<String, String> authorizeParameters = new LinkedHashMap<>();
        private ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;
        private final Map<Endpoint, URI> endpointOverrides = new EnumMap<>(Endpoint.class);
        private TokenRules idTokenRules = TokenRules.STANDARD;
        private TokenRules accessTokenRules;
        private String groupsClaim = "groups";
        private String federationParameter;
        private final List<String> identityProviders = new ArrayList<>();
        private final Set<String> forwardableParameters = new LinkedHashSet<>();
        private final Map<URI, URI> otherBearerIssuers = new LinkedHashMap<>();

        private Builder(String name, URI issuer) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("provider name must match " + NAME + ": " + name);
            }
            this.name = name;
            this.displayName = name;
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            requireIssuer(issuer);
        }

        private static void requireIssuer(URI issuer) {
            if (!issuer.isAbsolute() || issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
                throw new IllegalArgumentException("issuer must be an absolute URL without query or fragment: " + issuer);
            }
        }

        /**
         * The name shown to users. Default: the provider name.
         *
         * @param displayName the display name
         * @return this builder
         */
        public Builder displayName(String displayName) {
            this.displayName = Objects.requireNonNull(displayName, "displayName");
            return this;
        }

        /**
         * Where discovery is read from. Default: derived from the issuer.
         *
         * @param discoveryUri the discovery document URL
         * @return this builder
         */
        public Builder discoveryUri(URI discoveryUri) {
            this.discoveryUri = Objects.requireNonNull(discoveryUri, "discoveryUri");
            return this;
        }

        /**
         * Replaces the requested scopes. Default: {@code openid profile email}.
         *
         * @param scopes the scopes; {@code openid} is added first when missing
         * @return this builder
         */
        public Builder scopes(List<String> scopes) {
            this.scopes.clear();
            this.scopes.add("openid");
            for (String scope : scopes) {
                if (scope.isBlank() || scope.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c > '~')) {
                    throw new IllegalArgumentException("not a valid scope token: '" + scope + "'");
                }
                if (!this.scopes.contains(scope)) {
                    this.scopes.add(scope);
                }
            }
            return this;
        }

        /**
         * Adds one scope.
         *
         * @param scope the scope
         * @return this builder
         */
        public Builder addScope(String scope) {
            List<String> all = new ArrayList<>(scopes);
            all.add(scope);
            return scopes(all);
        }

        /**
         * Adds an extra authorization request parameter.
         *
         * @param name  parameter name, not one the relying party sets itself
         * @param value its value
         * @return this builder
         */
        public Builder authorizeParameter(String name, String value) {
            if (RESERVED_PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("authorize parameter " + name + " is set by the relying party");
            }
            authorizeParameters.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Federated sign-in: one sign-in button per identity provider, each sending {@code parameter=<its name>} so
         * the provider skips its own sign-in page.
         *
         * @param parameter         the authorization request parameter, such as {@code identity_provider}
         * @param identityProviders the identity providers' names at the provider; empty for none
         * @return this builder
         */
        public Builder federatedSignIn(String parameter, List<String> identityProviders) {
            if (RESERVED_PARAMETERS.contains(Objects.requireNonNull(parameter, "parameter"))) {
                throw new IllegalArgumentException("federation parameter " + parameter + " is set by the relying party");
            }
            this.federationParameter = parameter;
            this.identityProviders.clear();
            this.identityProviders.addAll(identityProviders);
            return this;
        }

        /**
         * A parameter {@code /auth/login} always passes through to this provider, because the provider's own links
         * send it.
         *
         * @param name the parameter, not one the relying party sets itself
         * @return this builder
         */
        public Builder forwardableParameter(String name) {
            if (RESERVED_PARAMETERS.contains(Objects.requireNonNull(name, "name"))) {
                throw new IllegalArgumentException("parameter " + name + " is set by the relying party");
            }
            forwardableParameters.add(name);
            return this;
        }

        /**
         * The client authentication method to prefer. Default: {@code client_secret_basic}, the OpenID
         * Connect default.
         *
         * @param method the method
         * @return this builder
         */
        public Builder clientAuthentication(ClientAuthentication method) {
            this.clientAuthentication = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Replaces a discovered endpoint.
         *
         * @param endpoint which endpoint
         * @param uri      its location: {@code https}, or {@code http} on loopback
         * @return this builder
         */
        public Builder endpoint(Endpoint endpoint, URI uri) {
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException(endpoint + " override must be absolute: " + uri);
            }
            endpointOverrides.put(endpoint, uri);
            return this;
        }

        /**
         * Extra ID token checks. Default: none beyond OpenID Connect Core's.
         *
         * @param rules the rules
         * @return this builder
         */
        public Builder idTokenRules(TokenRules rules) {
            this.idTokenRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * Accept this provider's access tokens as bearer tokens, checked with these rules. Default: not
         * accepted.
         *
         * @param rules the rules
         * @return this builder
         */
        public Builder accessTokenRules(TokenRules rules) {
            this.accessTokenRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * The claim that holds the user's groups. Default: {@code groups}.
         *
         * @param claim the claim name
         * @return this builder
         */
        public Builder groupsClaim(String claim) {
            if (claim == null || claim.isBlank()) {
                throw new IllegalArgumentException("groups claim must not be blank");
            }
            this.groupsClaim = claim;
            return this;
        }

        /**
         * Accept bearer tokens of one more issuer, verified with the keys at its own JWKS and the same access token
         * rules. Needs {@link #accessTokenRules(TokenRules)}.
         *
         * @param otherIssuer the issuer, exactly as its tokens' {@code iss}; not {@link #issuer()}
         * @param jwksUri     where its signing keys are published
         * @return this builder
         */
        public Builder otherBearerIssuer(URI otherIssuer, URI jwksUri) {
            requireIssuer(Objects.requireNonNull(otherIssuer, "otherIssuer"));
            if (otherIssuer.equals(issuer)) {
                throw new IllegalArgumentException("the provider's own issuer is not another one: " + otherIssuer);
            }
            if (!Objects.requireNonNull(jwksUri, "jwksUri").isAbsolute()) {
                throw new IllegalArgumentException("JWKS location must be absolute: " + jwksUri);
            }
            otherBearerIssuers.put(otherIssuer, jwksUri);
            return this;
        }

        /**
         * Builds the descriptor.
         *
         * @return the descriptor
         * @throws IllegalArgumentException when other bearer issuers are given without access token rules
         */
        public ProviderDescriptor build() {
            if (!otherBearerIssuers.isEmpty() && accessTokenRules == null) {
                // the other issuers' tokens would be refused anyway: a module that names them meant to accept them
                throw new IllegalArgumentException("other bearer issuers need access token rules");
            }
            return new ProviderDescriptor(this);
        }
    }
}
