package dev.portcullis.auth.spi;

import java.util.Optional;

/**
 * One configured OpenID Connect provider: its quirks as data, plus the logout strategy.
 * Implementations must be immutable and thread-safe.
 */
public interface OidcProvider {

    /**
     * What this provider is and how to talk to it.
     *
     * @return the descriptor, the same instance on every call
     */
    ProviderDescriptor descriptor();

    /**
     * Where to send the browser after the local session has been cleared, so the user is signed out at the
     * provider too. The default is OpenID Connect RP-Initiated Logout at the discovered
     * {@code end_session_endpoint}, and no provider logout when there is none.
     *
     * @param context the resolved endpoints, client id, ID token hint and where the provider should return to
     * @return the provider's logout endpoint and its query parameters, or empty to skip provider logout
     */
    default Optional<LogoutTarget> logoutTarget(LogoutContext context) {
        return context.endpoint(Endpoint.END_SESSION).map(endSession -> LogoutTarget.rpInitiated(endSession, context));
    }
}
