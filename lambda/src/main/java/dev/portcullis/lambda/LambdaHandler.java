package dev.portcullis.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * The Lambda entry point: {@code dev.portcullis.lambda.LambdaHandler::handleRequest}. The application boots
 * once per execution environment, when the runtime first loads this class (inside Lambda's init phase, and before a
 * SnapStart snapshot); each event is then an API Gateway request served by the same JAX-RS resources, with the same
 * security, as on the Helidon server.
 */
public final class LambdaHandler implements RequestStreamHandler {

    /**
     * The configuration key of the paths SnapStart priming requests before the snapshot: a comma list of paths (with
     * an optional query), each asked once with {@code GET} and no credentials. Default: {@code ${auth.base-path}/login}.
     * Add the application's own guarded paths to warm them and the guard's refusal.
     */
    public static final String PRIME_PATHS = "auth.lambda.prime-paths";

    private final LambdaApplication application;

    /**
     * Boots the application (once per execution environment).
     */
    public LambdaHandler() {
        this.application = LambdaApplication.get();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        application.handle(input, output, context);
    }
}
