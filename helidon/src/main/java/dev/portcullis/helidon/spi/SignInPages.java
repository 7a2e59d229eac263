package dev.portcullis.helidon.spi;

import java.net.URI;
import java.util.List;

/**
 * The HTML pages Portcullis answers a browser with, under {@code auth.base-path}. Each method returns a whole HTML
 * document; Portcullis sends it with its own headers: never cached, {@code X-Content-Type-Options: nosniff},
 * {@code Referrer-Policy: same-origin}, and {@code Content-Security-Policy: default-src 'none'; style-src 'self';
 * form-action 'self'; base-uri 'none'; frame-ancestors 'none'} (no script, no images, nothing from elsewhere:
 * serve a page's styles from the application itself).
 * <p>
 * The default pages are plain, in Portcullis' stylesheet. An application replaces them with a CDI bean of this type
 * that is an alternative, enabled with a priority, and nothing else:
 * <pre>{@code
 * @Alternative
 * @Priority(1)
 * @ApplicationScoped
 * public class OurSignInPages implements SignInPages { ... }
 * }</pre>
 * Every text handed to these methods may come from configuration or from the provider: encode it for HTML.
 * Implementations are called concurrently.
 */
public interface SignInPages {

    /**
     * The page of {@code GET /auth/login} without {@code provider=} when several providers are enabled: one way to
     * sign in per provider. With one provider, the browser goes to it instead.
     *
     * @param choices the enabled providers, the default one first, each with the URL that starts its sign-in
     * @return the page
     */
    String chooseProvider(List<ProviderChoice> choices);

    /**
     * The page of a sign-in, refresh or sign-out that failed, answered with the status the failure has (400 for a
     * refused callback, 502 or 504 for a provider that cannot be reached, ...).
     *
     * @param failure what failed, in words for the user; never why a token was refused
     * @return the page
     */
    String failed(Failure failure);

    /**
     * The page of {@code GET /auth/logout} reached other than from a page of this site (a link elsewhere could sign the
     * user out against their will; so could one in a mail, or in a browser that does not say where a navigation came
     * from): a form that posts the sign-out, and a way back.
     *
     * @param signOut where the form posts: {@code POST ${auth.base-url}${auth.base-path}/logout}
     * @param stay    where to go instead
     * @return the page
     */
    String confirmLogout(URI signOut, URI stay);

    /**
     * One provider a browser may sign in with.
     *
     * @param name        the provider's configuration name ({@code cognito})
     * @param displayName the text for its button ({@code auth.<name>.display-name})
     * @param signIn      the URL that starts a sign-in with it, with the page's {@code return_to}
     */
    record ProviderChoice(String name, String displayName, URI signIn) {
    }

    /**
     * A failure, as the user is told of it.
     *
     * @param status   the HTTP status the page is sent with
     * @param title    a short title ("Sign-in failed")
     * @param message  one or two sentences for the user
     * @param tryAgain where a "Try again" link leads: {@code auth.default-return-to}
     */
    record Failure(int status, String title, String message, URI tryAgain) {
    }
}
