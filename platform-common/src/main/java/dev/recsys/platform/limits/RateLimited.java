package dev.recsys.platform.limits;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an expensive endpoint open without the admin token (search, similar movies, new-movie predictions,
 * scenarios, a visitor's recommendations): each client gets a token bucket ({@link ClientRateLimits}); the admin
 * token is not limited.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {
}
