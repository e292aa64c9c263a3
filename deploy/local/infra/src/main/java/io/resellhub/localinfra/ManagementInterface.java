package io.resellhub.localinfra;

import java.net.URI;

import io.quarkus.test.common.http.TestHTTPResourceManager;

/**
 * The management interface of the Quarkus service under test: {@code /q/health} and {@code /q/metrics} are served
 * there, on a port of their own ({@code quarkus.management.test-port=0}: a free one), not on the API port.
 */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** Its base URL, e.g. {@code http://localhost:41234}; append {@code /q/health/ready} or {@code /q/metrics}. */
    public static String url() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }
}
