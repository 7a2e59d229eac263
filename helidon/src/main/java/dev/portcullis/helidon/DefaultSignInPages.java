package dev.portcullis.helidon;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import dev.portcullis.auth.AuthSettings;
import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.helidon.spi.SignInPages;

import io.helidon.http.HtmlEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Portcullis' own pages: plain HTML, one small stylesheet served under {@code auth.base-path}, no script. An
 * application's alternative of {@link SignInPages} replaces them.
 */
@ApplicationScoped
class DefaultSignInPages implements SignInPages {

    private final AuthSettings settings;

    @Inject
    DefaultSignInPages(OidcRelyingParty relyingParty) {
        this.settings = relyingParty.settings();
    }

    /** For CDI proxies. */
    DefaultSignInPages() {
        this.settings = null;
    }

    @Override
    public String chooseProvider(List<ProviderChoice> choices) {
        String buttons = choices.stream()
                .map(choice -> "<a class=\"button\" href=\"" + HtmlEncoder.encode(choice.signIn().toString())
                        + "\">Sign in with " + HtmlEncoder.encode(choice.displayName()) + "</a>")
                .collect(Collectors.joining("\n      "));
        return page("Sign in", """
                <h1>Sign in</h1>
                    <p class="message">Choose how to sign in:</p>
                    <nav class="providers" aria-label="Sign-in providers">
                      %s
                    </nav>""".formatted(buttons));
    }

    @Override
    public String failed(Failure failure) {
        return page(failure.title(), """
                <h1>%s</h1>
                    <p class="message">%s</p>
                    <p><a class="button" id="try-again" href="%s">Try again</a></p>""".formatted(
                HtmlEncoder.encode(failure.title()), HtmlEncoder.encode(failure.message()),
                HtmlEncoder.encode(failure.tryAgain().toString())));
    }

    @Override
    public String confirmLogout(URI signOut, URI stay) {
        return page("Sign out", """
                <h1>Sign out?</h1>
                    <form method="post" action="%s"><button type="submit" id="sign-out">Sign out</button></form>
                    <p><a href="%s">Stay signed in</a></p>""".formatted(
                HtmlEncoder.encode(signOut.toString()), HtmlEncoder.encode(stay.toString())));
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
                """.formatted(HtmlEncoder.encode(title),
                HtmlEncoder.encode(settings.resolve(settings.basePath() + "/assets/portcullis.css").toString()), main);
    }
}
