package dev.portcullis.service;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.portcullis.auth.AuthSettings;
import dev.portcullis.auth.Identity;
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

    /** Nothing runs, nothing loads from elsewhere, nothing frames us. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";

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
                    <p>Choose how to sign in.</p>
                    <nav class="providers">
                      %s
                    </nav>""".formatted(buttons));
    }

    String signedIn(Identity identity, String providerName) {
        String groups = identity.groups().isEmpty() ? "<em>none</em>"
                : identity.groups().stream().map(HtmlEncoder::encode).collect(Collectors.joining(", "));
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
                identity.expiresAt(), identity.expiresAt(),
                HtmlEncoder.encode(settings.resolve("/auth/refresh").toString()),
                HtmlEncoder.encode(settings.resolve("/auth/logout").toString())));
    }

    String confirmLogout() {
        return page("Sign out", """
                <h1>Sign out?</h1>
                    <form method="post" action="%s"><button type="submit" id="sign-out">Sign out</button></form>
                    <p><a href="%s">Stay signed in</a></p>""".formatted(
                HtmlEncoder.encode(settings.resolve("/auth/logout").toString()), HtmlEncoder.encode(settings.resolve("/").toString())));
    }

    String error(String title, String message, URI retry) {
        return page(title, """
                <h1>%s</h1>
                    <p class="message">%s</p>
                    <p><a class="button" id="try-again" href="%s">Try again</a></p>""".formatted(
                HtmlEncoder.encode(title), HtmlEncoder.encode(message), HtmlEncoder.encode(retry.toString())));
    }

    static Response.ResponseBuilder html(int status, String body) {
        return HttpAnswers.noStore(Response.status(status))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .entity(body);
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
                    %s
                  </main>
                </body>
                </html>
                """.formatted(HtmlEncoder.encode(title), HtmlEncoder.encode(settings.resolve("/assets/portcullis.css").toString()), main);
    }
}
