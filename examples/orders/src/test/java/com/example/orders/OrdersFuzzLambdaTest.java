package com.example.orders;

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
 * The HTTP fuzz properties of portcullis-testing ({@link LambdaFuzzSuite}) over every endpoint of the application on
 * AWS Lambda, with API Gateway REST and HTTP API events, well-formed and malformed.
 */
class OrdersFuzzLambdaTest extends LambdaFuzzSuite {

    static TestProvider cognito;
    static LambdaHandler handler;
    static FuzzTarget target;

    @BeforeContainer
    static void coldStart() {
        cognito = TestProvider.builder().providers("cognito").baseUrl(OrdersLambdaTest.BASE_URL).build();
        handler = new LambdaHandler();
        target = FuzzTarget.of(cognito, TestUser.named("alice"), "/orders/mine", OrdersFuzzTest.PATHS);
    }

    @AfterContainer
    static void stop() {
        try (TestProvider p = cognito; FuzzTarget t = target) {
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
        return new SyntheticContext("orders-fuzz");
    }
}
