package dev.portcullis.lambda;

import java.util.ArrayList;
import java.util.List;

import io.helidon.common.context.Contexts;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Carries every {@code Set-Cookie} of an answer past aws-serverless-java-container-jersey, which hands a JAX-RS
 * response's headers to its servlet response with {@code setHeader} once per value (2.1.5 and 3.0.1,
 * {@code JerseyServletResponseWriter.writeResponseStatusAndHeaders}), so that only the last {@code Set-Cookie}
 * survives. This filter runs last among the response filters, moves the cookies into the invocation's Helidon
 * context, and the handler puts them back into the API Gateway answer.
 */
@Priority(0)
final class SetCookieCapture implements ContainerResponseFilter {

    /** The cookies of one answer. */
    record Cookies(List<String> values) {
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        List<String> values = response.getStringHeaders().get("Set-Cookie");
        if (values == null || values.isEmpty()) {
            return;
        }
        List<String> cookies = new ArrayList<>(values);
        response.getHeaders().remove("Set-Cookie");
        Contexts.context().ifPresent(context -> context.register(Cookies.class, new Cookies(List.copyOf(cookies))));
    }
}
