package dev.portcullis.auth;

import java.net.URI;
import java.util.Optional;

/**
 * Signing out: the session's refresh token is revoked where its provider allows, and the browser is sent to the
 * provider's logout, which returns it to this service. The host clears the cookies. Thread-safe.
 */
final class Logout {

    private final AuthSettings settings;
    private final ProviderRegistry providers;

    Logout(AuthSettings settings, ProviderRegistry providers) {
        this.settings = settings;
        this.providers = providers;
    }

    /** See {@link OidcRelyingParty#logout(Optional)}. */
    URI logout(Optional<Session> session) {
        URI home = home();
        Optional<ProviderClient> client = session.flatMap(ended -> providers.find(ended.provider()));
        if (client.isEmpty()) {
            return home;
        }
        session.get().tokens().refreshToken().ifPresent(client.get().revocation()::revoke);
        return client.get().logout().uri(session.get().tokens().idToken(), home).orElse(home);
    }

    /** See {@link OidcRelyingParty#logoutOrigin(String)}. */
    Optional<URI> origin(String provider) {
        return providers.find(provider).flatMap(client -> client.logout().origin(home()));
    }

    /** Where a signed-out browser comes back to, from the provider's logout or straight away. */
    private URI home() {
        return settings.resolve(settings.postLogoutPath());
    }
}
