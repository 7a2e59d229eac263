package dev.portcullis.helidon;

import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;

/**
 * Portcullis' own JAX-RS application, served at {@code auth.base-path}: the sign-in endpoints, the pages' stylesheet,
 * and the mapping of the auth module's exceptions. Its resources are CDI beans without a class-level {@code @Path}, put
 * here as programmatic resources: so Helidon never mistakes them for the application's own resources (it collects
 * every bean with {@code @Path} into the application's), and the base path is configuration, not an annotation.
 */
final class PortcullisApplication extends ResourceConfig {

    PortcullisApplication() {
        // one class per flow, each at its endpoint
        registerResources(Resource.builder(LoginResource.class).path("/login").build(),
                Resource.builder(CallbackResource.class).path("/callback").build(),
                Resource.builder(RefreshResource.class).path("/refresh").build(),
                Resource.builder(LogoutResource.class).path("/logout").build(),
                Resource.builder(BackChannelLogoutResource.class).path("/backchannel-logout").build(),
                Resource.builder(AssetsResource.class).path("/assets").build());
        register(AuthExceptionMapper.class);
        register(NoStoreFilter.class);
        register(RequestHeaderCheck.class);
        register(new RequestErrorMapper(true));
        setApplicationName(PortcullisCdiExtension.APPLICATION_NAME);
    }
}
