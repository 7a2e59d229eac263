package dev.portcullis.service.browser;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.service.testing.HeadlessChromium;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person signing in, in a real browser: Debian's headless Chromium opens {@code /}, clicks "Sign in with ...",
 * fills the embedded provider's login form, comes back signed in, looks at {@code /api/me}, refreshes, and signs
 * out through the provider's logout. Run per service configuration by the subclasses; screenshots of each page go
 * to {@code target/screenshots/}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
abstract class BrowserSignInContract {

    /** Tokens live this long at sign-in (long enough that the guard never refreshes on its own during a test)... */
    static final long SIGN_IN_LIFETIME = 600;
    /** ...and this long after Refresh, so the refreshed expiry is later however quickly Refresh follows. */
    static final long REFRESH_LIFETIME = 1200;

    /**
     * Calls to the embedded provider may wait this long: its first token is slow (it makes the tenant's RSA key)
     * and a browser competes for the machine's cores. Only a guard; nothing here waits for it to pass.
     */
    static final String LOADED_MACHINE_HTTP_TIMEOUT = "PT30S";

    /**
     * What the browser meets at one provider.
     *
     * @param name          the provider name
     * @param displayName   its button's and the page's name for it
     * @param authorizePath the path of its authorization endpoint at the embedded provider
     * @param logoutPath    the path of its logout endpoint
     * @param subject       a subject shaped like this provider's
     * @param groupsClaim   the claim its tokens carry groups in
     */
    record Tenant(String name, String displayName, String authorizePath, String logoutPath, String subject, String groupsClaim) {

        /** The login form's claims: name, e-mail and two groups in this provider's claim. */
        String claims() {
            return "{\"name\":\"Alice Liddell\",\"email\":\"alice@example.com\",\"" + groupsClaim + "\":[\"admin\",\"staff\"]}";
        }
    }

    static final Tenant AUTH0 = new Tenant("auth0", "Auth0", "/auth0/authorize", "/auth0/v2/logout",
            "auth0|64f1c2aa93e1b2c3d4e5f601", EmbeddedProvider.AUTH0_ROLES_CLAIM);
    static final Tenant COGNITO = new Tenant("cognito", "Amazon Cognito", "/cognito/oauth2/authorize", "/cognito/logout",
            "3f6b9d2e-8c41-4e1b-9a3d-2b7c5e0f1a66", "cognito:groups");

    /** @return the running service */
    abstract TestProvider service();

    /** @return the embedded provider */
    abstract EmbeddedProvider provider();

    /** @return the enabled providers, the default ({@code auth.provider}) first, in the order of their buttons */
    abstract List<Tenant> enabled();

    /** @return what the screenshots of this configuration are named after */
    abstract String screenshotName();

    @Test
    void signInShowsTheUserThenRefreshMovesTheExpiryLaterAndSignOutEndsTheSession() {
        try (HeadlessChromium chromium = HeadlessChromium.desktop()) {
            WebDriver driver = chromium.driver();
            // with several providers enabled, one browser chooses each in turn
            for (Tenant tenant : enabled()) {
                provider().tokenLifetime(SIGN_IN_LIFETIME);
                driver.get(url("/"));
                assertSignedOutPage(driver);

                driver.findElement(By.linkText("Sign in with " + tenant.displayName())).click();
                signInAtTheProvidersForm(chromium, tenant);

                chromium.await(By.id("expires"));
                assertThat(driver.getCurrentUrl()).isEqualTo(url("/"));
                assertThat(driver.getTitle()).isEqualTo("Signed in");
                assertThat(driver.findElement(By.id("name")).getText()).isEqualTo("Alice Liddell");
                assertThat(driver.findElement(By.id("email")).getText()).isEqualTo("alice@example.com");
                assertThat(driver.findElement(By.id("provider")).getText()).isEqualTo(tenant.displayName());
                assertThat(Set.of(driver.findElement(By.id("groups")).getText().split("\\s+"))).containsExactlyInAnyOrder("admin", "staff");
                Instant signedInExpiry = expiry(driver);
                assertStyled(driver);
                chromium.screenshot(screenshotName() + (enabled().size() > 1 ? "-via-" + tenant.name() : "") + "-signed-in");

                driver.get(url("/api/me"));
                JsonObject me = Json.createReader(new StringReader(driver.findElement(By.tagName("pre")).getText())).readObject();
                assertThat(me.getString("sub")).isEqualTo(tenant.subject());
                assertThat(me.getString("provider")).isEqualTo(tenant.name());
                assertThat(me.getString("email")).isEqualTo("alice@example.com");
                assertThat(me.getJsonArray("groups").getValuesAs(JsonString::getString)).containsExactly("admin", "staff");
                assertThat(Instant.parse(me.getString("expires_at"))).isEqualTo(signedInExpiry);
                assertThat(me.getString("source")).isEqualTo("session");
                driver.navigate().back();
                chromium.await(By.id("refresh"));

                provider().tokenLifetime(REFRESH_LIFETIME);
                provider().clearRequests();
                WebElement before = driver.findElement(By.id("expires"));
                driver.findElement(By.id("refresh")).click();
                chromium.waiting().until(ExpectedConditions.stalenessOf(before));
                chromium.await(By.id("expires"));
                assertThat(driver.getCurrentUrl()).isEqualTo(url("/"));
                assertThat(driver.findElement(By.id("name")).getText()).isEqualTo("Alice Liddell");
                assertThat(expiry(driver)).isAfter(signedInExpiry);
                assertThat(provider().tokenRequests()).singleElement().satisfies(request ->
                        assertThat(request.getFormParameters().get("grant_type")).isEqualTo("refresh_token"));

                provider().clearRequests();
                driver.findElement(By.id("sign-out")).click();
                chromium.await(By.cssSelector(".providers"));
                assertThat(driver.getCurrentUrl()).isEqualTo(url("/"));
                assertSignedOutPage(driver);
                assertThat(provider().requests()).map(r -> r.getUrl().encodedPath()).contains(tenant.logoutPath());
                chromium.screenshot(screenshotName() + "-signed-out");

                // signed out, the API sends a browser to sign in again: straight to the only provider's login form, or,
                // with several, to Portcullis' page to choose one, which keeps where to return
                provider().clearRequests();
                driver.get(url("/api/me"));
                if (enabled().size() > 1) {
                    chromium.await(By.cssSelector(".providers"));
                    assertThat(driver.getCurrentUrl()).isEqualTo(url("/auth/login?return_to=%2Fapi%2Fme"));
                    assertThat(driver.getTitle()).isEqualTo("Sign in");
                    assertThat(driver.findElements(By.cssSelector(".providers a"))).hasSize(enabled().size());
                    driver.findElement(By.linkText("Sign in with " + enabled().get(0).displayName())).click();
                }
                waitForLoginForm(chromium, enabled().get(0));
                OAuth2HttpRequest authorize = provider().requests().stream()
                        .filter(r -> r.getUrl().encodedPath().equals(enabled().get(0).authorizePath())).findFirst().orElseThrow();
                assertThat(authorize.getUrl().queryParameter("redirect_uri")).isEqualTo(url("/auth/callback"));
            }
            assertThat(chromium.consoleMessages()).noneMatch(message -> message.contains("Content Security Policy"));
        }
    }

    @Test
    void aSignInRefusedAtTheProviderShowsAPageWhoseTryAgainStartsOver() {
        try (HeadlessChromium chromium = HeadlessChromium.desktop()) {
            WebDriver driver = chromium.driver();
            // the provider's error answer to this browser's login (an error with another state is not this login's)
            driver.get(url("/auth/login?provider=" + enabled().get(0).name()));
            String state = URLUtils.parseParameters(URI.create(driver.getCurrentUrl()).getRawQuery())
                    .get("state").get(0);
            driver.get(url("/auth/callback?error=access_denied&state=" + state));

            assertThat(driver.getTitle()).isEqualTo("Sign-in failed");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sign-in failed");
            assertThat(driver.findElement(By.className("message")).getText())
                    .isEqualTo("The sign-in provider reported: access_denied.");
            assertStyled(driver);
            chromium.screenshot(screenshotName() + "-error");

            driver.findElement(By.id("try-again")).click();
            chromium.await(By.cssSelector(".providers"));
            assertThat(driver.getCurrentUrl()).isEqualTo(url("/"));
            assertSignedOutPage(driver);
            assertThat(chromium.consoleMessages()).noneMatch(message -> message.contains("Content Security Policy"));
        }
    }

    @Test
    void theSignedInPagesFormsMayLeadOnlyHereAndToTheProvidersLogout() {
        Tenant tenant = enabled().get(enabled().size() - 1);
        Browser browser = new Browser();
        HttpResponse<String> done = SignIn.complete(browser,
                URI.create(url("/auth/login?provider=" + tenant.name())), tenant.subject(), tenant.claims());
        assertThat(done.statusCode()).isEqualTo(302);

        HttpResponse<String> signedIn = browser.get(URI.create(url("/")));
        HttpResponse<String> signedOut = new Browser().get(URI.create(url("/")));
        // a sign-out link followed from another site asks first, with a Sign out form of its own
        HttpResponse<String> confirm = browser.send(Browser.request(URI.create(url("/auth/logout")))
                .header("Accept", "text/html").header("Sec-Fetch-Site", "cross-site").GET());

        assertThat(signedIn.headers().firstValue("Content-Security-Policy")).contains("default-src 'none'; style-src 'self'; "
                + "form-action 'self' " + provider().base() + "; base-uri 'none'; frame-ancestors 'none'");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("id=\"sign-out\"");
        assertThat(confirm.headers().firstValue("Content-Security-Policy")).isEqualTo(signedIn.headers().firstValue("Content-Security-Policy"));
        assertThat(signedOut.headers().firstValue("Content-Security-Policy")).contains("default-src 'none'; style-src 'self'; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        assertThat(signedIn.headers().firstValue("Referrer-Policy")).contains("same-origin");
    }

    void assertSignedOutPage(WebDriver driver) {
        assertThat(driver.getTitle()).isEqualTo("Sign in");
        assertThat(driver.findElements(By.cssSelector(".providers a")))
                .map(WebElement::getText)
                .containsExactlyElementsOf(enabled().stream().map(t -> "Sign in with " + t.displayName()).toList());
        assertThat(driver.findElements(By.id("sign-out"))).isEmpty();
    }

    /** The stylesheet loaded under the page's Content-Security-Policy: the card has its rounded corners. */
    static void assertStyled(WebDriver driver) {
        assertThat(driver.findElement(By.tagName("main")).getCssValue("border-top-left-radius")).isEqualTo("12px");
    }

    void signInAtTheProvidersForm(HeadlessChromium chromium, Tenant tenant) {
        waitForLoginForm(chromium, tenant);
        WebDriver driver = chromium.driver();
        driver.findElement(By.name("username")).sendKeys(tenant.subject());
        driver.findElement(By.name("claims")).sendKeys(tenant.claims());
        driver.findElement(By.cssSelector("input[type=submit]")).click();
    }

    static void waitForLoginForm(HeadlessChromium chromium, Tenant tenant) {
        chromium.await(By.name("username"));
        assertThat(URI.create(chromium.driver().getCurrentUrl()).getPath()).isEqualTo(tenant.authorizePath());
    }

    static Instant expiry(WebDriver driver) {
        return Instant.parse(driver.findElement(By.cssSelector("#expires time")).getDomAttribute("datetime"));
    }

    String url(String path) {
        return service().url(path).toString();
    }
}
