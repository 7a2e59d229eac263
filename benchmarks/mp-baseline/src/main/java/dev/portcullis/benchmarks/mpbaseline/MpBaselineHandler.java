package dev.portcullis.benchmarks.mpbaseline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.serverless.proxy.jersey.JerseyLambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.helidon.common.context.Contexts;
import io.helidon.microprofile.cdi.HelidonContainer;
import io.helidon.microprofile.server.JaxRsApplication;
import io.helidon.microprofile.server.JaxRsCdiExtension;
import jakarta.enterprise.inject.se.SeContainer;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The second cold-start baseline: a bare Helidon MP application booted and served the way Portcullis' Lambda handler
 * boots and serves the reference service, with nothing of Portcullis, Helidon Security, health or the AWS SDK. Helidon
 * MP's CDI container starts (Weld, MicroProfile Config, the web server Helidon starts with it, on loopback at a free
 * port), the one JAX-RS application Helidon built from the discovered resource is handed to
 * aws-serverless-java-container-jersey, and each event runs in a Helidon context of its own.
 * <p>
 * The ratio of Portcullis' Lambda cold start to this one is what Portcullis adds on top of Helidon MP.
 */
public final class MpBaselineHandler implements RequestStreamHandler {

    private final JerseyLambdaContainerHandler<HttpApiV2ProxyRequest, AwsProxyResponse> handler;

    /**
     * Boots Helidon MP, then Jersey for the Lambda container.
     */
    public MpBaselineHandler() {
        // as LambdaApplication sets them before the same call
        System.setProperty("server.host", "127.0.0.1");
        System.setProperty("server.port", "0");
        System.setProperty("cdi.org.jboss.weld.bootstrap.concurrentDeployment", "false");
        SeContainer container = HelidonContainer.instance().start();
        JaxRsApplication application = container.getBeanManager().getExtension(JaxRsCdiExtension.class)
                .applicationsToRun().getFirst();
        ResourceConfig helidonConfig = application.resourceConfig();
        ResourceConfig copy = new ResourceConfig(helidonConfig);
        copy.registerClasses(helidonConfig.getClasses());
        copy.registerInstances(helidonConfig.getInstances());
        this.handler = JerseyLambdaContainerHandler.getHttpApiV2ProxyHandler(copy);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        io.helidon.common.context.Context requestContext = io.helidon.common.context.Context.create(Contexts.globalContext());
        try {
            Contexts.runInContext(requestContext, () -> {
                try {
                    handler.proxyStream(input, output, context);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
