package dev.portcullis.service.browser;

import java.util.List;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.service.testing.HeadlessChromium;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("auth0", "cognito")
            .options(EmbeddedProvider.Options.defaults().tokenLifetime(SIGN_IN_LIFETIME))
            .setting("auth.http.timeout", LOADED_MACHINE_HTTP_TIMEOUT)
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Override
    TestProvider service() {
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
