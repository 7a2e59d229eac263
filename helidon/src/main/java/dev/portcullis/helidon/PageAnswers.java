package dev.portcullis.helidon;

import java.net.URI;
import java.util.Collection;
import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * How every page is answered, whoever wrote it ({@link dev.portcullis.helidon.spi.SignInPages}): never cached, and a
 * strict Content-Security-Policy.
 */
final class PageAnswers {

    private PageAnswers() {
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
}
