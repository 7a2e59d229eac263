package dev.portcullis.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.serverless.proxy.jersey.JerseyLambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The cold-start baseline: a bare Jersey {@link ResourceConfig} with one resource, {@code GET /api/me}, behind
 * aws-serverless-java-container-jersey for HTTP API events, booted in the constructor as a function's handler is
 * (no CDI, no configuration, no security, no provider). It runs on a class path of just those libraries.
 */
public final class BaselineHandler implements RequestStreamHandler {

    private final JerseyLambdaContainerHandler<HttpApiV2ProxyRequest, AwsProxyResponse> handler;

    /**
     * Boots Jersey.
     */
    public BaselineHandler() {
        this.handler = JerseyLambdaContainerHandler.getHttpApiV2ProxyHandler(new ResourceConfig(Me.class));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.proxyStream(input, output, context);
    }

    /** The one resource. */
    @Path("/api/me")
    public static final class Me {

        /**
         * For Jersey.
         */
        public Me() {
        }

        /**
         * A fixed caller.
         *
         * @return the caller as JSON
         */
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public String me() {
            return "{\"sub\":\"baseline\",\"provider\":\"none\"}";
        }
    }
}
