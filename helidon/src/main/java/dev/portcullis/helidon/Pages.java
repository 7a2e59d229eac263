package dev.portcullis.helidon;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.portcullis.auth.AuthSettings;
import dev.portcullis.auth.ProviderInfo;
import dev.portcullis.auth.ReturnTo;

import io.helidon.http.HtmlEncoder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The service's few server-rendered pages: plain HTML, one small same-origin stylesheet, no script, and a
 * strict Content-Security-Policy.
 */
final class Pages {

    private final AuthSettings settings;

    Pages(AuthSettings settings) {
        this.settings = settings;
    }

    String signedOut(List<ProviderInfo> providers) {
        String buttons = providers.stream()
                .map(p -> "<a class=\"button\" href=\"" + HtmlEncoder.encode(settings.loginUri(Optional.of(p.name()), ReturnTo.ROOT).toString())
                        + "\">Sign in with " + HtmlEncoder.encode(p.displayName()) + "</a>")
                .collect(Collectors.joining("\n      "));
        return page("Sign in", """
                <h1>Sign in</h1>
                    <p class="message">You are not signed in. Choose how to sign in:</p>
                    <nav class="providers" aria-label="Sign-in providers">
                      %s
                    </nav>""".formatted(buttons));
    }

    String confirmLogout() {
        return page("Sign out", """
                <h1>Sign out?</h1>
                    <form method="post" action="%s"><button type="submit" id="sign-out">Sign out</button></form>
                    <p><a href="%s">Stay signed in</a></p>""".formatted(
                HtmlEncoder.encode(settings.endpoint("logout").toString()), HtmlEncoder.encode(settings.resolve(settings.defaultReturnTo().path()).toString())));
    }

    String error(String title, String message, URI retry) {
        return page(title, """
                <h1>%s</h1>
                    <p class="message">%s</p>
                    <p><a class="button" id="try-again" href="%s">Try again</a></p>""".formatted(
                HtmlEncoder.encode(title), HtmlEncoder.encode(message), HtmlEncoder.encode(retry.toString())));
    }

    static Response.ResponseBuilder html(int status, String body) {
        return html(status, body, List.of());
    }

    /**
     * A page whose forms may lead elsewhere: a sign-out form is answered with a redirect to the provider's logout.
     *
     * @param status      the status
     * @param body        the page
     * @param formTargets origins, besides this service, that the page's forms may end up at
     * @return the response
     */
    static Response.ResponseBuilder html(int status, String body, Collection<URI> formTargets) {
        return HttpAnswers.noStore(Response.status(status))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", contentSecurityPolicy(formTargets))
                .header("X-Content-Type-Options", "nosniff")
                // not no-referrer: with it, browsers send "Origin: null" with the page's own form posts, which the
                // cross-site check must refuse; same-origin still keeps every URL of ours from the provider
                .header("Referrer-Policy", "same-origin")
                .entity(body);
    }

    /**
     * Nothing runs, nothing loads but our own stylesheet, nothing frames us, and forms post only here. A page with a
     * sign-out form adds the provider's logout origin to {@code form-action}: browsers check the redirect that
     * follows a form too.
     */
    static String contentSecurityPolicy(Collection<URI> formTargets) {
        StringBuilder formAction = new StringBuilder("'self'");
        // origins come from OidcRelyingParty.logoutOrigin: scheme, host and port only, nothing that could end a directive
        formTargets.stream().map(URI::toString).distinct().forEach(origin -> formAction.append(' ').append(origin));
        return "default-src 'none'; style-src 'self'; form-action " + formAction
                + "; base-uri 'none'; frame-ancestors 'none'";
    }

    private String page(String title, String main) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s</title>
                  <link rel="stylesheet" href="%s">
                </head>
                <body>
                  <main>
                    <p class="brand">Portcullis</p>
                    %s
                  </main>
                </body>
                </html>
                """.formatted(HtmlEncoder.encode(title), HtmlEncoder.encode(settings.resolve(settings.basePath() + "/assets/portcullis.css").toString()), main);
    }
}
