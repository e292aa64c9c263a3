package io.resellhub.commons.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem body: {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}, plus {@code errors} naming every bad field of a rejected request.
 */
@Schema(requiredProperties = {"type", "title", "status"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Type URIs are relative references under {@code /problems/}, one slug per kind of failure. */
    public static String type(String slug) {
        return "/problems/" + slug;
    }

    public Problem withInstance(String newInstance) {
        return new Problem(type, title, status, detail, newInstance, errors);
    }

    @Schema(requiredProperties = {"message"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String message) {
    }
}
