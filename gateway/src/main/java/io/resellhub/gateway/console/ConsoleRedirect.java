package io.resellhub.gateway.console;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The reseller console is static files under {@code META-INF/resources/console/}, served without a token (it
 * holds no data; every API call it makes carries the pasted token). {@code /console} without the slash would
 * resolve the console's relative links against {@code /}: send it to {@code /console/}.
 */
@ApplicationScoped
public class ConsoleRedirect {

    void route(@Observes Router router) {
        router.getWithRegex("/console").handler(context -> context.redirect("/console/"));
    }
}
