package dev.portcullis.service.fuzz;

import java.util.List;

import dev.portcullis.lambda.LambdaHandler;
import dev.portcullis.lambda.SyntheticContext;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;
import dev.portcullis.testing.fuzz.FuzzTarget;
import dev.portcullis.testing.fuzz.LambdaFuzzSuite;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The HTTP fuzz properties ({@link LambdaFuzzSuite}) over every endpoint of the reference service served by the
 * Lambda handler, with API Gateway REST and HTTP API events, well-formed and malformed.
 */
class ServiceFuzzLambdaTest extends LambdaFuzzSuite {

    static final String BASE_URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod";

    static TestProvider provider;
    static LambdaHandler handler;
    static FuzzTarget target;

    @BeforeContainer
    static void coldStart() {
        provider = TestProvider.builder().providers("oidc", "auth0").baseUrl(BASE_URL).build();
        handler = new LambdaHandler();
        target = FuzzTarget.of(provider, TestUser.named("alice"), "/api/me", ServiceFuzzTest.PATHS);
    }

    @AfterContainer
    static void stop() {
        try (TestProvider p = provider; FuzzTarget t = target) {
            // the handler's application lives as long as this JVM, as on Lambda
        }
    }

    @Override
    protected FuzzTarget target() {
        return target;
    }

    @Override
    protected RequestStreamHandler handler() {
        return handler;
    }

    @Override
    protected Context context() {
        return new SyntheticContext("fuzz");
    }
}
