package dev.portcullis.service.revocation;

import java.net.http.HttpResponse;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.LocalDynamoDb;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference service with {@code auth.revocation.store=dynamodb} (dynalite on loopback, the real SDK client) when the
 * table stops answering: each subclass configures {@code auth.revocation.on-outage} and states what a signed-in request
 * and readiness then get. The store is taken down by stopping dynalite.
 */
abstract class RevocationOutageContract {

    /** {@return the service under test} */
    abstract TestProvider service();

    /** {@return the local table, to stop} */
    abstract LocalDynamoDb table();

    /** {@return the status a signed-in request gets while the store is down} */
    abstract int statusWhileDown();

    /** {@return readiness's status while the store is down} */
    abstract int readinessWhileDown();

    @Test
    void whileTheStoreIsDownASessionGetsWhatTheOutagePolicySaysAndReadinessNamesTheStore() {
        Browser browser = new Browser();
        SignIn.complete(browser, service().url("/auth/login"), "frank", "{}");
        assertThat(browser.getJson(service().url("/api/me")).statusCode()).isEqualTo(200);
        assertThat(browser.getJson(service().url("/health/ready")).body()).contains("\"revocation.dynamodb\":\"UP\"");

        table().close();

        HttpResponse<String> me = browser.getJson(service().url("/api/me"));
        assertThat(me.statusCode()).isEqualTo(statusWhileDown());
        assertThat(me.body()).doesNotContain("Exception").doesNotContain("s:");
        HttpResponse<String> ready = browser.getJson(service().url("/health/ready"));
        assertThat(ready.statusCode()).isEqualTo(readinessWhileDown());
        assertThat(ready.body()).contains("\"revocation.dynamodb\":\"DOWN\"");
    }
}
