package io.resellhub.gateway.rest;

import java.util.List;
import java.util.Map;

import io.resellhub.commons.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes the published OpenAPI document with what every operation may answer, so the resources annotate only
 * their own outcomes: 400 (a malformed query or body), 401 and 403 (secured operations), 404 (a path with an id),
 * 413 (a body over 1 MiB), 414 (an address over 8192 characters), 415 (a body that is not JSON), 503 (a service
 * behind the gateway down or slow), each an {@code application/problem+json} {@link Problem}; every 4xx/5xx an
 * operation declares without content gets the problem content too. (A 405 belongs to no operation: the document
 * lists the methods a path takes.) The role an
 * operation needs is added to its description. The request and response bodies are the services' own API records
 * from commons ({@code io.resellhub.commons.api}), referenced by the resources' annotations.
 */
public class ApiDocs implements OASFilter {

    static final String NEW_MODULE_EXAMPLE = """
            {"productType":"ssl-certificate","moduleType":"billmanager5",
             "integration":{"url":"https://my.example.com/billmgr","username":"reseller1","password":"secret"},
             "name":"Upstream SSL","dataCenter":"Frankfurt","department":"Technical support","sort":10,
             "minimalBalance":"100.00"}""";
    static final String IMPORT_EXAMPLE = """
            {"processingModuleId":"6f1c2a9e-3b4d-4c5e-8f70-9a1b2c3d4e5f","productType":"ssl-certificate",
             "upstreamTariffIds":["42","43"],"provider":"My Company","dryRun":false}""";
    static final String EDIT_EXAMPLE = """
            {"version":3,"name":"PositiveSSL, 1 year","prices":[{"period":12,"amount":"15.00"}]}""";
    static final String MODULES_EXAMPLE = """
            {"version":4,"modules":[{"processingModuleId":"6f1c2a9e-4b1d-4c8e-9a7f-1e2d3c4b5a69","upstreamTariffId":"42"},
             {"processingModuleId":"8a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d","upstreamTariffId":"1042"}]}""";
    static final String ENABLE_EXAMPLE = """
            {"ids":["1b4e28ba-2fa1-41d2-883f-0016d3cca427","77aa0d3c-1f2e-4a5b-9c8d-7e6f5a4b3c2d"],
             "allowBelowCost":false,"versions":{"1b4e28ba-2fa1-41d2-883f-0016d3cca427":4}}""";
    static final String ORDER_EXAMPLE = """
            {"tariffId":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","period":12,"customerRef":"c-1001",
             "params":{"domain":"example.com"}}""";

    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final Map<String, String> COMMON = Map.of(
            "400", "Malformed query parameter or body (/problems/bad-request, /problems/malformed-body)",
            "401", "No valid bearer token (/problems/unauthorized)",
            "403", "The token's role may not do this (/problems/forbidden)",
            "404", "No such resource (/problems/not-found)",
            "413", "Body over 1 MiB (/problems/body-too-large)",
            "414", "Request address over 8192 characters (/problems/uri-too-long)",
            "415", "Body not sent as application/json (/problems/unsupported-media-type)",
            "503", "A service behind the gateway is down or slow (/problems/service-unavailable); retry later");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> complete(path, operation)));
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(ApiDocs::optionalMayBeNull);
        }
    }

    /**
     * The records always write every field ({@code null} when unknown), and accept {@code null} for an optional
     * one: so an optional property's schema admits null, as clients generated from the document must expect.
     */
    private static void optionalMayBeNull(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().forEach((name, property) -> {
            if (required.contains(name)) {
                return;
            }
            if (property.getRef() != null) {
                Schema reference = OASFactory.createSchema().ref(property.getRef());
                property.setRef(null);
                property.setAnyOf(List.of(reference, OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
            } else if (property.getType() != null && !property.getType().contains(Schema.SchemaType.NULL)) {
                property.addType(Schema.SchemaType.NULL);
            }
        });
    }

    private static void complete(String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        List<String> roles = roles(operation);
        add(responses, "400");
        add(responses, "414");
        add(responses, "503");
        if (path.contains("{")) {
            add(responses, "404");
        }
        if (operation.getRequestBody() != null) {
            add(responses, "413");
            add(responses, "415");
        }
        if (!roles.isEmpty()) {
            // Replaces the generated 401/403, which have no body.
            responses.removeAPIResponse("401");
            responses.removeAPIResponse("403");
            add(responses, "401");
            add(responses, "403");
            String role = roles.contains("viewer") ? "viewer or admin" : String.join(", ", roles);
            String description = operation.getDescription() == null ? "" : operation.getDescription() + "\n\n";
            operation.setDescription(description + "Role: " + role + ".");
        }
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.matches("[45]\\d\\d") && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problem());
            }
        });
    }

    private static List<String> roles(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity();
        if (security == null || security.isEmpty()) {
            return List.of();
        }
        return security.stream().flatMap(s -> s.getSchemes().values().stream()).flatMap(List::stream).distinct().toList();
    }

    private static void add(APIResponses responses, String code) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(COMMON.get(code)).content(problem()));
        }
    }

    private static Content problem() {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    }
}
