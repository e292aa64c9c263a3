package io.resellhub.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemMappers;
import io.resellhub.gateway.client.DownstreamClient;
import io.resellhub.gateway.client.DownstreamResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Carries a public request to the service that owns it and its answer back: the public path
 * {@code /api/v1/x} is the service's {@code /x}; a problem keeps its body with only {@code instance}
 * changed to the public path; a {@code Location} is rewritten to the gateway's address. The caller's
 * {@code Authorization} header goes along: every service verifies the token and its role again.
 */
@ApplicationScoped
public class Relay {

    static final String API_PREFIX = "/api/v1";

    private final ObjectMapper mapper;
    private final HttpHeaders headers;

    public Relay(ObjectMapper mapper, HttpHeaders headers) {
        this.mapper = mapper;
        this.headers = headers;
    }

    public Response get(DownstreamClient service, UriInfo uri) {
        return relay(service, service.read(downstreamPath(uri), authorization()), uri);
    }

    public Response send(DownstreamClient service, String method, UriInfo uri, JsonNode body) {
        return send(service, method, uri, body, null);
    }

    public Response send(DownstreamClient service, String method, UriInfo uri, JsonNode body, String ifMatch) {
        String json = body == null ? null : body.toString();
        return relay(service, service.write(method, downstreamPath(uri), json, ifMatch, authorization()), uri);
    }

    private String authorization() {
        return headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    }

    Response relay(DownstreamClient service, DownstreamResponse answer, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(answer.status());
        answer.location().ifPresent(location -> response.header("Location", publicLocation(service, location, uri)));
        if (answer.status() == 503) {
            // A service without its database says so with Retry-After; the gateway's own 503s wait as long.
            response.header("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS);
        }
        if (answer.body() == null || answer.body().isEmpty()) {
            return response.build();
        }
        if (answer.contentType().startsWith(Problem.MEDIA_TYPE)) {
            return response.type(Problem.MEDIA_TYPE).entity(withPublicInstance(answer.body(), uri)).build();
        }
        if (answer.status() >= 500) {
            Log.errorf("%s answered %d for %s without a problem body", service.baseUrls(), answer.status(), uri.getPath());
        }
        return response.type(answer.contentType()).entity(answer.body()).build();
    }

    private String withPublicInstance(String problemJson, UriInfo uri) {
        try {
            JsonNode problem = mapper.readTree(problemJson);
            if (problem instanceof ObjectNode object) {
                object.put("instance", uri.getPath());
                return mapper.writeValueAsString(object);
            }
        } catch (JsonProcessingException e) {
            Log.warnf("Downstream problem body for %s is not JSON; relayed as is", uri.getPath());
        }
        return problemJson;
    }

    static String downstreamPath(UriInfo uri) {
        return downstreamPath(uri.getRequestUri().getRawPath(), uri.getRequestUri().getRawQuery());
    }

    /** The service's path and query for a public request's raw (not decoded) path and query (null: none). */
    static String downstreamPath(String rawPath, String rawQuery) {
        String downstream = rawPath.startsWith(API_PREFIX) ? rawPath.substring(API_PREFIX.length()) : rawPath;
        return rawQuery == null ? downstream : downstream + "?" + rawQuery;
    }

    private static String publicLocation(DownstreamClient service, String location, UriInfo uri) {
        String path = service.baseUrls().pathOf(location).orElse(location);
        if (!path.startsWith("/")) {
            return location;
        }
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        return base + API_PREFIX + path;
    }
}
