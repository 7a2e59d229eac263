package dev.portcullis.service;

import java.net.http.HttpResponse;

import dev.portcullis.service.testing.Browser;
import dev.portcullis.service.testing.ServiceConfig;

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
    abstract ServiceConfig service();

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
    void homePageOffersOnlyTheConfiguredProvider() {
        String page = new Browser().get(service().url("/")).body();
        assertThat(page).contains(buttonText()).containsOnlyOnce("/auth/login?provider=");
    }
}
