package dev.portcullis.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;

/**
 * The Lambda {@link Context} of an invocation that the Lambda service did not make: SnapStart priming, a test that
 * drives {@link LambdaHandler} with API Gateway events, a benchmark. Its values are fixed and name nothing real.
 *
 * @param requestId the request id the invocation reports
 */
public record SyntheticContext(String requestId) implements Context {

    /** The context priming runs with. */
    public static final SyntheticContext PRIMING = new SyntheticContext("priming");

    /**
     * A context with a request id.
     *
     * @param requestId the request id the invocation reports; not blank
     */
    public SyntheticContext {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("requestId is blank");
        }
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/synthetic";
    }

    @Override
    public String getLogStreamName() {
        return "synthetic";
    }

    @Override
    public String getFunctionName() {
        return "synthetic";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:synthetic";
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
