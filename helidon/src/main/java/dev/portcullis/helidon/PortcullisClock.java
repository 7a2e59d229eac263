package dev.portcullis.helidon;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * Portcullis' own {@link java.time.Clock} bean: qualified, so that it neither collides with a {@code Clock} the
 * application produces nor is what the application's {@code @Inject Clock} receives.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
@interface PortcullisClock {
}
