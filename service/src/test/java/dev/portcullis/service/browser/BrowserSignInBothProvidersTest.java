package dev.portcullis.service.browser;

import java.util.List;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.service.testing.HeadlessChromium;
import dev.portcullis.service.testing.ServiceConfig;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser sign-in with Auth0 and Cognito enabled at once ({@code auth.provider=auth0},
 * {@code auth.providers=auth0,cognito}): one browser chooses each in turn. Also the pages on a phone.
 */
@HelidonTest
class BrowserSignInBothProvidersTest extends BrowserSignInContract {

    static final EmbeddedProvider PROVIDER = EmbeddedProvider.start(EmbeddedProvider.Options.defaults().tokenLifetime(SIGN_IN_LIFETIME));
    static final ServiceConfig SERVICE = ServiceConfig.of(PROVIDER, "auth0", "auth0", "cognito")
            .with("auth.http.timeout", LOADED_MACHINE_HTTP_TIMEOUT);

    @AddConfigSource
    static ConfigSource config() {
        return SERVICE.source();
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Override
    ServiceConfig service() {
        return SERVICE;
    }

    @Override
    EmbeddedProvider provider() {
        return PROVIDER;
    }

    @Override
    List<Tenant> enabled() {
        return List.of(AUTH0, COGNITO);
    }

    @Override
    String screenshotName() {
        return "auth0-and-cognito";
    }

    @Test
    void onAPhoneThePagesUseTheScreensWidthWithoutScrollingSideways() {
        try (HeadlessChromium chromium = HeadlessChromium.phone()) {
            WebDriver driver = chromium.driver();
            driver.get(url("/"));
            assertSignedOutPage(driver);
            assertFitsThePhone(driver);
            chromium.screenshot("phone-signed-out");

            driver.findElement(By.linkText("Sign in with " + COGNITO.displayName())).click();
            signInAtTheProvidersForm(chromium, COGNITO);
            chromium.await(By.id("sign-out"));
            assertThat(driver.getTitle()).isEqualTo("Signed in");
            assertFitsThePhone(driver);
            chromium.screenshot("phone-signed-in");
        }
    }

    /** The viewport meta is honoured (a page without it is laid out 980 px wide) and nothing sticks out. */
    private static void assertFitsThePhone(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertThat(((Number) js.executeScript("return window.innerWidth")).intValue()).isEqualTo(390);
        assertThat(((Number) js.executeScript("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
    }
}
