package dev.portcullis.service;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.portcullis.auth.AuthSettings;
import dev.portcullis.auth.Identity;
import dev.portcullis.auth.ProviderInfo;
import dev.portcullis.auth.ReturnTo;

import io.helidon.http.HtmlEncoder;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The reference service's home page: plain HTML in Portcullis' look (its stylesheet, served under the sign-in
 * endpoints), no script, and a strict Content-Security-Policy.
 */
final class HomePage {

    /** How the access token's expiry is shown; the {@code <time>} element carries the exact instant. */
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("d MMM uuuu, HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final AuthSettings settings;

    HomePage(AuthSettings settings) {
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

    String signedIn(Identity identity, String providerName) {
        String groups = identity.groups().isEmpty() ? "<span class=\"none\">none</span>"
                : identity.groups().stream().map(g -> "<span class=\"group\">" + HtmlEncoder.encode(g) + "</span>")
                        .collect(Collectors.joining(" "));
        return page("Signed in", """
                <h1>Signed in</h1>
                    <dl>
                      <dt>Name</dt><dd id="name">%s</dd>
                      <dt>E-mail</dt><dd id="email">%s</dd>
                      <dt>Provider</dt><dd id="provider">%s</dd>
                      <dt>Groups</dt><dd id="groups">%s</dd>
                      <dt>Access token expires</dt><dd id="expires"><time datetime="%s">%s</time></dd>
                    </dl>
                    <div class="actions">
                      <form method="post" action="%s"><button type="submit" id="refresh">Refresh</button></form>
                      <form method="post" action="%s"><button type="submit" id="sign-out" class="secondary">Sign out</button></form>
                    </div>""".formatted(
                HtmlEncoder.encode(identity.displayName()),
                HtmlEncoder.encode(identity.email().orElse("")),
                HtmlEncoder.encode(providerName),
                groups,
                identity.expiresAt(), EXPIRY.format(identity.expiresAt()),
                HtmlEncoder.encode(settings.endpoint("refresh").toString()),
                HtmlEncoder.encode(settings.endpoint("logout").toString())));
    }

    /**
     * The answer: never cached (it shows who is signed in), nothing runs, nothing loads but the stylesheet, nothing
     * frames it, and forms post only here, or, for Sign out, end at the provider's logout (browsers check the
     * redirect that answers a form too).
     */
    static Response answer(String page, Collection<URI> formTargets) {
        StringBuilder formAction = new StringBuilder("'self'");
        formTargets.stream().map(URI::toString).distinct().forEach(origin -> formAction.append(' ').append(origin));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cacheControl(noStore)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action " + formAction
                        + "; base-uri 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                // not no-referrer: with it, browsers send "Origin: null" with the page's own form posts, which
                // Portcullis' cross-site check refuses
                .header("Referrer-Policy", "same-origin")
                .build();
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
