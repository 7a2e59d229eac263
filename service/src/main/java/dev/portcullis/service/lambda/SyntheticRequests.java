package dev.portcullis.service.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;

/**
 * Requests that exercise the whole handler once, for priming: the home page (public, sessions read) and
 * {@code /api/me} without credentials (the guard refuses it), as HTTP API events.
 */
final class SyntheticRequests {

    private SyntheticRequests() {
    }

    /**
     * Serves the synthetic requests.
     *
     * @param application the application
     * @return the status codes answered, in order
     */
    static int[] serve(LambdaApplication application) {
        return new int[] {serve(application, "/", "text/html"), serve(application, "/api/me", "application/json")};
    }

    private static int serve(LambdaApplication application, String path, String accept) {
        String event = """
                {"version":"2.0","routeKey":"$default","rawPath":"%s","rawQueryString":"",
                 "headers":{"accept":"%s","host":"priming.invalid","user-agent":"portcullis-priming"},
                 "requestContext":{"accountId":"priming","apiId":"priming","domainName":"priming.invalid",
                   "http":{"method":"GET","path":"%s","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"portcullis-priming"},
                   "requestId":"priming","routeKey":"$default","stage":"$default","time":"01/Jan/2026:00:00:00 +0000","timeEpoch":0},
                 "isBase64Encoded":false}
                """.formatted(path, accept, path);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            application.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer, PrimingContext.INSTANCE);
            return LambdaContainerHandler.getObjectMapper().readTree(answer.toByteArray()).path("statusCode").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Lambda context of a request that no invocation made. */
    enum PrimingContext implements Context {
        INSTANCE;

        @Override
        public String getAwsRequestId() {
            return "priming";
        }

        @Override
        public String getLogGroupName() {
            return "priming";
        }

        @Override
        public String getLogStreamName() {
            return "priming";
        }

        @Override
        public String getFunctionName() {
            return "priming";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:priming";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return LambdaRuntime.getLogger();
        }
    }
}
