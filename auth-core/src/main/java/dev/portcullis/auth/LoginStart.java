package dev.portcullis.auth;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;

import dev.portcullis.auth.spi.Endpoint;
import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * Starting a sign-in: the authorization request (code flow, PKCE S256, a fresh state and nonce) and the login-state
 * cookie that carries what the callback must check to this same browser. Nothing is kept on the server. Thread-safe.
 */
final class LoginStart {

    private final AuthSettings settings;
    private final ProviderRegistry providers;
    private final LoginSecrets secrets;
    private final LoginStateCodec loginStates;
    private final Clock clock;

    LoginStart(AuthSettings settings, ProviderRegistry providers, LoginSecrets secrets, LoginStateCodec loginStates, Clock clock) {
        this.settings = settings;
        this.providers = providers;
        this.secrets = secrets;
        this.loginStates = loginStates;
        this.clock = clock;
    }

    /** See {@link OidcRelyingParty#startLogin(Optional, String, Map)}. */
    LoginRedirect start(Optional<String> provider, String returnTo, Map<String, List<String>> parameters) {
        ProviderClient client = providers.require(provider.orElse(settings.defaultProvider()));
        // checked before anything is made: a refused parameter costs no state
        Map<String, String> extra = client.loginParameters().forRequest(parameters);
        State state = secrets.state();
        Nonce nonce = secrets.nonce();
        CodeVerifier verifier = secrets.codeVerifier();
        SignInRequirement requirement = SignInRequirement.of(extra);
        URI authorizationUri = authorizationUri(client, state, nonce, verifier, extra);
        LoginState loginState = new LoginState(state.getValue(), nonce.getValue(), verifier.getValue(), client.name(),
                settings.returnTo(returnTo), clock.instant().plus(LoginStateCodec.LIFETIME), requirement);
        return new LoginRedirect(authorizationUri, loginStates.write(loginState));
    }

    /**
     * The authorization request URL: code flow, PKCE S256, state, nonce, and the provider's extra parameters.
     *
     * @throws ProviderUnavailableException when the provider's discovery cannot be read
     */
    private URI authorizationUri(ProviderClient client, State state, Nonce nonce, CodeVerifier verifier, Map<String, String> extra) {
        ProviderDescriptor descriptor = client.descriptor();
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope(descriptor.scopes().toArray(new String[0])), new ClientID(client.clientId()),
                settings.redirectUri())
                .endpointURI(client.resolved().endpoints().require(Endpoint.AUTHORIZATION))
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        extra.forEach(request::customParameter);
        return request.build().toURI();
    }
}
