package dev.portcullis.service;

import java.net.http.HttpResponse;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;

import org.junit.jupiter.api.Test;

import static dev.portcullis.service.testing.Responses.json;
import static dev.portcullis.service.testing.Responses.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config switch: with one provider configured as {@code auth.provider}, a login that names no provider goes
 * to it, and no other provider can be chosen. Run once per provider by the subclasses.
 */
abstract class ConfigSwitchContract {

    /** @return the service under test */
    abstract TestProvider service();

    /** @return the embedded provider, which serves every tenant whether enabled here or not */
    abstract EmbeddedProvider provider();

    /** @return the path of the configured provider's authorization endpoint at the embedded provider */
    abstract String authorizePath();

    /** @return the configured provider's button text */
    abstract String buttonText();

    /** @return a provider that is not enabled */
    abstract String disabledProvider();

    @Test
    void loginWithoutAProviderUsesTheConfiguredOne() {
        HttpResponse<String> login = new Browser().get(service().url("/auth/login"));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(location(login).getPath()).isEqualTo(authorizePath());
    }

    @Test
    void aProviderThatIsNotEnabledIsABadRequest() {
        HttpResponse<String> login = new Browser().getJson(service().url("/auth/login?provider=" + disabledProvider()));
        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(json(login).getString("error")).isEqualTo("bad_request");
    }

    @Test
    void aBearerTokenFromAProviderThatIsNotEnabledIsRefused() {
        String foreign = (String) provider().tokensFor(disabledProvider(), "mallory", "{}").get("access_token");

        HttpResponse<String> me = new Browser().send(Browser.request(service().url("/api/me"))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + foreign)
                .GET());

        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        assertThat(json(me).getString("error")).isEqualTo("unauthorized");
    }

    @Test
    void homePageOffersOnlyTheConfiguredProvider() {
        String page = new Browser().get(service().url("/")).body();
        assertThat(page).contains(buttonText()).containsOnlyOnce("/auth/login?provider=");
    }
}
