package dev.portcullis.helidon;

import java.net.http.HttpResponse;
import java.util.List;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.RecordingService;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutgoingTokenFilter} on a plain JAX-RS client ({@link RelayResource}): the caller's token and an outgoing
 * client's own go out as on a MicroProfile REST client; a client its provider refuses is a 502 with a short JSON body,
 * nothing is sent, and readiness names it.
 */
@HelidonTest
class PlainClientOutgoingCallsTest {

    static final RecordingService DOWNSTREAM = RecordingService.start();

    @RegisterExtension
    static final TestProvider OIDC = TestProvider.builder().providers("oidc")
            .setting("relay.url", DOWNSTREAM.url())
            .setting("auth.clients.partner.client-id", EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.clients.partner.client-secret", EmbeddedProvider.M2M_CLIENT_SECRET)
            .setting("auth.clients.refused.client-id", EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.clients.refused.client-secret", "not-its-secret")
            .setting("auth.http.timeout", "PT30S")
            .build();

    @AfterAll
    static void stopDownstream() {
        DOWNSTREAM.close();
    }

    @BeforeEach
    void forget() {
        DOWNSTREAM.forget();
    }

    @Test
    void theCallersBearerTokenGoesOut() {
        String token = OIDC.bearerToken(TestUser.named("alice"));

        HttpResponse<String> relayed = Http.get(OIDC.url("/relay/caller"), "Authorization", "Bearer " + token);

        assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(200);
        assertThat(DOWNSTREAM.authorizations()).containsExactly("Bearer " + token);
    }

    @Test
    void theServicesOwnTokenGoesOutAskedWithItsOwnCredentials() {
        OIDC.provider().clearRequests();

        HttpResponse<String> first = Http.get(OIDC.url("/relay/partner"), "Accept", "application/json");
        HttpResponse<String> second = Http.get(OIDC.url("/relay/partner"), "Accept", "application/json");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        List<String> sent = DOWNSTREAM.authorizations();
        assertThat(sent).hasSize(2).allSatisfy(value -> assertThat(value).isEqualTo(sent.get(0)).startsWith("Bearer "));
        assertThat(OIDC.provider().tokenRequests()).filteredOn(r -> "client_credentials".equals(r.getFormParameters().get("grant_type")))
                .hasSize(1);
    }

    @Test
    void aClientItsProviderRefusesIsA502NothingIsSentAndReadinessNamesIt() {
        HttpResponse<String> relayed = Http.get(OIDC.url("/relay/refused"), "Accept", "application/json");

        assertThat(relayed.statusCode()).isEqualTo(502);
        assertThat(relayed.body()).isEqualTo("{\"error\":\"downstream_unavailable\",\"message\":\"A service this one depends on "
                + "could not be called. Please try again in a moment.\"}");
        assertThat(DOWNSTREAM.authorizations()).isEmpty();
        HttpResponse<String> ready = Http.get(OIDC.url("/health/ready"), "Accept", "application/json");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"clients.refused\":\"DOWN\"");
    }
}
