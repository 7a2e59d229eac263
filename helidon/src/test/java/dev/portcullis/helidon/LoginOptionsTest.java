package dev.portcullis.helidon;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Auth0 and Cognito teams configure beyond sign-in (issue 15), over real HTTP against the embedded provider shaped
 * as each: login parameters fixed and passed through, federated sign-in buttons, an Auth0 Organization sent and
 * required, and two Cognito user pools as two tenants of one kind (the second a second embedded provider).
 */
@HelidonTest
class LoginOptionsTest {

    static final String ORGANIZATION = "org_W30Ddz5kQ7";
    static final String AUTH0_ROLES = "\"" + EmbeddedProvider.AUTH0_ROLES_CLAIM + "\":[\"staff\"]";
    static final EmbeddedProvider CUSTOMERS = EmbeddedProvider.start(EmbeddedProvider.Options.defaults());

    @RegisterExtension
    static final TestProvider STAFF = customers(TestProvider.builder().providers("cognito", "auth0")
            .setting("auth.providers", "cognito,auth0,customers")
            .setting("auth.cognito.identity-providers", "Google,SAML-Corp")
            .setting("auth.cognito.forward-params", "login_hint")
            .setting("auth.cognito.authorize-params.lang", "de")
            .setting("auth.auth0.organization", ORGANIZATION))
            .build();
    static final Pattern BUTTON = Pattern.compile("<a class=\"button\" href=\"([^\"]*)\">Sign in with ([^<]*)</a>");

    /** The second user pool: the same kind, its own issuer and name. */
    private static TestProvider.Builder customers(TestProvider.Builder builder) {
        CUSTOMERS.settings("cognito").forEach((key, value) -> builder.setting(key.replace("auth.cognito.", "auth.customers."), value));
        return builder.setting("auth.customers.type", "cognito").setting("auth.customers.display-name", "Customers");
    }

    @AfterAll
    static void stopCustomers() {
        CUSTOMERS.close();
    }

    @Test
    void listedParametersArePassedThroughWithTheFixedOnesAndNoOthers() {
        Map<String, String> query = authorizeQuery("/auth/login?provider=cognito&login_hint=alice%40example.com&prompt=none"
                + "&ui_locales=fr");

        assertThat(query).containsEntry("login_hint", "alice@example.com").containsEntry("lang", "de")
                .doesNotContainKeys("prompt", "ui_locales");
    }

    @Test
    void eachFederatedIdentityProviderIsAButtonThatGoesStraightToIt() {
        HttpResponse<String> page = Http.get(STAFF.url("/auth/login"), "Accept", "text/html");

        assertThat(buttons(page.body())).containsExactly(
                STAFF.baseUrl() + "/auth/login?provider=cognito Amazon Cognito",
                STAFF.baseUrl() + "/auth/login?provider=cognito&amp;identity_provider=Google Google",
                STAFF.baseUrl() + "/auth/login?provider=cognito&amp;identity_provider=SAML-Corp SAML-Corp",
                STAFF.baseUrl() + "/auth/login?provider=auth0 Auth0",
                STAFF.baseUrl() + "/auth/login?provider=customers Customers");
        assertThat(authorizeQuery("/auth/login?provider=cognito&identity_provider=SAML-Corp")).containsEntry("identity_provider", "SAML-Corp");
    }

    @Test
    void anIdentityProviderThatIsNotConfiguredIsRefused() {
        HttpResponse<String> login = Http.get(STAFF.url("/auth/login?provider=cognito&identity_provider=Evil"), "Accept", "application/json");

        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(login.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void theOrganizationIsSentOnEverySignInAndAnInvitationLinkPassesItsInvitation() {
        assertThat(authorizeQuery("/auth/login?provider=auth0")).containsEntry("organization", ORGANIZATION);
        assertThat(authorizeQuery("/auth/login?provider=auth0&invitation=inv_Q2LRsw&organization=org_Other"))
                .containsEntry("invitation", "inv_Q2LRsw").containsEntry("organization", ORGANIZATION);
    }

    @Test
    void anIdTokenOfTheOrganizationSignsInAndOneOfAnotherIsRefused() {
        Browser member = new Browser();
        HttpResponse<String> signedIn = SignIn.complete(member, STAFF.url("/auth/login?provider=auth0&return_to=/things"), "alice",
                "{\"org_id\":\"" + ORGANIZATION + "\"," + AUTH0_ROLES + "}");
        Browser outsider = new Browser();
        HttpResponse<String> refused = SignIn.complete(outsider, STAFF.url("/auth/login?provider=auth0&return_to=/things"), "mallory",
                "{\"org_id\":\"org_Other\"," + AUTH0_ROLES + "}");

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(member.send(Browser.request(STAFF.url("/things")).header("Accept", "text/plain").GET()).body())
                .isEqualTo("things for alice");
        // refused at the callback like any ID token that breaks a rule: no session
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(outsider.cookies()).doesNotContainKey("portcullis");
    }

    @Test
    void aBearerTokenIsHeldToTheOrganizationToo() {
        String member = (String) STAFF.provider().tokensFor("auth0", "alice", "{\"org_id\":\"" + ORGANIZATION + "\"," + AUTH0_ROLES + "}")
                .get("access_token");
        String outsider = (String) STAFF.provider().tokensFor("auth0", "mallory", "{\"org_id\":\"org_Other\"," + AUTH0_ROLES + "}")
                .get("access_token");

        assertThat(Http.get(STAFF.url("/things"), "Authorization", "Bearer " + member).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = Http.get(STAFF.url("/things"), "Authorization", "Bearer " + outsider);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    @Test
    void twoUserPoolsAreTwoTenantsEachSigningInAtItsOwnIssuer() {
        Map<String, String> customers = authorizeQuery("/auth/login?provider=customers");
        Browser customer = new Browser();
        HttpResponse<String> signedIn = SignIn.complete(customer, STAFF.url("/auth/login?provider=customers&return_to=/things"), "carol",
                "{\"cognito:groups\":[\"staff\"]}");
        String poolToken = (String) CUSTOMERS.tokensFor("cognito", "carol", "{\"cognito:groups\":[\"staff\"]}").get("access_token");

        assertThat(customers).containsEntry("client_id", EmbeddedProvider.CLIENT_ID);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(customer.send(Browser.request(STAFF.url("/things")).header("Accept", "text/plain").GET()).body())
                .isEqualTo("things for carol");
        assertThat(Http.get(STAFF.url("/things"), "Authorization", "Bearer " + poolToken).statusCode()).isEqualTo(200);
    }

    private static Map<String, String> authorizeQuery(String login) {
        HttpResponse<String> redirect = Http.get(STAFF.url(login), "Accept", "application/json");
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        Map<String, String> query = new LinkedHashMap<>();
        URLUtils.parseParameters(URI.create(redirect.headers().firstValue("Location").orElseThrow()).getRawQuery())
                .forEach((name, values) -> query.put(name, values.get(0)));
        return query;
    }

    private static List<String> buttons(String page) {
        Matcher matcher = BUTTON.matcher(page);
        return matcher.results().map(result -> result.group(1) + " " + result.group(2)).toList();
    }
}
