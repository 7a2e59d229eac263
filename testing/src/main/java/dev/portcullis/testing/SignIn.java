package dev.portcullis.testing;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.oauth2.sdk.util.URLUtils;


/**
 * Drives a sign-in through HTTP the way a browser does: the service's login redirect, the embedded provider's
 * login form, the redirect back to the callback. Each hop is asserted as it happens.
 */
public final class SignIn {

    private SignIn() {
    }

    /**
     * Follows {@code /auth/login} to the provider's login form and submits it.
     *
     * @param browser    the browser
     * @param loginUrl   the service's {@code /auth/login} URL, with its query
     * @param username   the user to sign in as (the provider's {@code sub})
     * @param claimsJson extra claims the provider should put in the tokens, as JSON
     * @return the provider's redirect to the service's callback, not yet followed
     */
    public static HttpResponse<String> atProvider(Browser browser, URI loginUrl, String username, String claimsJson) {
        HttpResponse<String> login = browser.get(loginUrl);
        expect(login.statusCode() == 302, "login redirect", login);
        URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> form = browser.get(authorize);
        expect(form.statusCode() == 200 && form.body().contains("name=\"username\""), "provider login form", form);
        // the form posts back to the authorize URL with its query, as the page's <form method="post"> does
        HttpResponse<String> submitted = browser.submit(authorize, Map.of("username", username, "claims", claimsJson), null);
        expect(submitted.statusCode() == 302, "provider redirect after sign-in", submitted);
        return submitted;
    }

    /**
     * A complete sign-in, ending with the service's redirect after the callback.
     *
     * @param browser    the browser
     * @param loginUrl   the service's {@code /auth/login} URL
     * @param username   the user
     * @param claimsJson extra claims
     * @return the service's answer to the callback
     */
    public static HttpResponse<String> complete(Browser browser, URI loginUrl, String username, String claimsJson) {
        HttpResponse<String> toCallback = atProvider(browser, loginUrl, username, claimsJson);
        return browser.follow(toCallback);
    }

    /**
     * The query parameters of a redirect's {@code Location}.
     *
     * @param redirect a redirect
     * @return the parameters, first value of each
     */
    public static Map<String, String> query(HttpResponse<String> redirect) {
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        Map<String, java.util.List<String>> parameters = URLUtils.parseParameters(location.getRawQuery());
        Map<String, String> first = new java.util.LinkedHashMap<>();
        parameters.forEach((k, v) -> first.put(k, v.get(0)));
        return first;
    }

    private static void expect(boolean met, String step, HttpResponse<String> response) {
        if (!met) {
            throw new AssertionError(step + ": HTTP " + response.statusCode() + " " + response.uri());
        }
    }
}
