package io.resellhub.gateway.client;

/** One private service behind the gateway. Reads may be retried; writes are sent once. */
public interface DownstreamClient {

    DownstreamResponse read(String pathAndQuery);

    DownstreamResponse write(String method, String pathAndQuery, String jsonBody, String ifMatch);

    String baseUrl();
}
