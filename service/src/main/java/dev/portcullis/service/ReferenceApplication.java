package dev.portcullis.service;

import java.util.Set;

import dev.portcullis.helidon.RequestErrorMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The reference service's JAX-RS application, as many applications have one: its resources listed explicitly, and the
 * OpenAPI definition. Portcullis needs no mention here: its sign-in endpoints are an application of their own, and its
 * guard runs for these resources' annotations.
 */
@ApplicationScoped
@ApplicationPath("/")
@OpenAPIDefinition(
        info = @Info(title = "Portcullis", version = "1.0",
                description = "Sign-in with Auth0, Amazon Cognito or any OpenID Connect provider, and the API it guards."),
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = ApiResource.BEARER, type = SecuritySchemeType.HTTP,
                        scheme = "bearer", bearerFormat = "JWT",
                        description = "An access token issued for this API by an enabled provider; its iss picks the provider. "
                                + "A browser's session cookie is accepted instead."),
                schemas = {
                        @Schema(name = ApiResource.CALLER_SCHEMA, type = SchemaType.OBJECT, description = "The signed-in caller",
                                requiredProperties = {"sub", "name", "provider", "groups", "expires_at", "source"},
                                properties = {
                                        @SchemaProperty(name = "sub", type = SchemaType.STRING, description = "the provider's subject"),
                                        @SchemaProperty(name = "name", type = SchemaType.STRING, description = "the display name"),
                                        @SchemaProperty(name = "email", type = SchemaType.STRING, description = "when the provider gives one"),
                                        @SchemaProperty(name = "provider", type = SchemaType.STRING, example = "cognito"),
                                        @SchemaProperty(name = "groups", type = SchemaType.ARRAY, implementation = String.class,
                                                description = "the provider's groups claim, sorted"),
                                        @SchemaProperty(name = "expires_at", type = SchemaType.STRING, format = "date-time",
                                                description = "when the access token expires"),
                                        @SchemaProperty(name = "source", type = SchemaType.STRING, enumeration = {"session", "bearer"}),
                                        @SchemaProperty(name = "admin", type = SchemaType.BOOLEAN, description = "only from /api/admin")}),
                        @Schema(name = ApiResource.ERROR_SCHEMA, type = SchemaType.OBJECT, requiredProperties = "error",
                                properties = {
                                        @SchemaProperty(name = "error", type = SchemaType.STRING, example = "unauthorized"),
                                        @SchemaProperty(name = "message", type = SchemaType.STRING)})}))
public class ReferenceApplication extends Application {

    /**
     * For CDI.
     */
    public ReferenceApplication() {
    }

    @Override
    public Set<Class<?>> getClasses() {
        // Portcullis' short JSON for Jersey's own refusals (405, 406, 415, ...), as at its sign-in endpoints
        return Set.of(HomeResource.class, ApiResource.class, RequestErrorMapper.class);
    }
}
