package dev.portcullis.service;

import java.util.Set;

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
 * The JAX-RS application: every resource and provider listed explicitly, so that the Helidon server and the
 * Lambda handler serve exactly the same set without classpath scanning. Its OpenAPI document (at {@code /openapi} on
 * the Helidon server) is built from the annotations here and on the resources.
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
public class PortcullisApplication extends Application {

    /**
     * For CDI.
     */
    public PortcullisApplication() {
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(HomeResource.class, AuthResource.class, ApiResource.class, AssetsResource.class,
                AuthExceptionMapper.class);
    }
}
