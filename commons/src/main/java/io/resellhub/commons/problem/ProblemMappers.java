package io.resellhub.commons.problem;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.logging.Log;
import io.resellhub.commons.web.TextRules;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become {@code application/problem+json}. 4xx are logged at DEBUG/INFO
 * (the caller's fault), 5xx at ERROR with the cause; no stack trace ever reaches a response.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Problem problem = e.problem();
        if (problem.status() >= 500) {
            Log.errorf(e, "%s %s failed: %s", problem.status(), uri.getPath(), problem.detail());
        } else {
            Log.debugf("%d %s: %s", problem.status(), uri.getPath(), problem.detail());
        }
        return respond(problem.withInstance(uri.getPath()));
    }

    /** Bean Validation: body fields give 422 with every field named; query and path parameters give 400. */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> bodyErrors = new ArrayList<>();
        List<Problem.FieldError> parameterErrors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            FieldPath path = FieldPath.of(violation.getPropertyPath());
            var error = new Problem.FieldError(path.name(), violation.getMessage());
            boolean inBody = path.inBody() && !isRequestParameterField(violation.getLeafBean(), path.name());
            (inBody ? bodyErrors : parameterErrors).add(error);
        }
        bodyErrors.sort(java.util.Comparator.comparing(Problem.FieldError::field));
        if (!parameterErrors.isEmpty()) {
            return respond(new Problem(Problem.type("bad-request"), "Bad request", 400,
                    "Invalid query or path parameter(s)", uri.getPath(), parameterErrors));
        }
        return respond(new Problem(Problem.type("validation"), "Invalid request", 422,
                "The request has " + bodyErrors.size() + " invalid field(s)", uri.getPath(), bodyErrors));
    }

    @ServerExceptionMapper
    public Response unknownProperty(UnrecognizedPropertyException e, UriInfo uri) {
        return fieldMismatch(e, uri, "unknown field");
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        if (e.getValue() instanceof String text && text.indexOf('\0') >= 0) {
            return fieldMismatch(e, uri, TextRules.NUL_MESSAGE);
        }
        return fieldMismatch(e, uri, "must be a " + describe(e.getTargetType()));
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        if (e.getPath() == null || e.getPath().isEmpty()) {
            return respond(new Problem(Problem.type("malformed-body"), "Malformed request body", 400,
                    "The request body must be a JSON object of the documented shape", uri.getPath(), null));
        }
        return fieldMismatch(e, uri, "must be a " + describe(e.getTargetType()));
    }

    /** Syntax errors: the body is not JSON at all. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return respond(new Problem(Problem.type("malformed-body"), "Malformed request body", 400,
                "The request body is not valid JSON" + where, uri.getPath(), null));
    }

    /** 401, 404, 405, 406, 415 ... raised by the framework itself. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.StatusType info = Response.Status.fromStatusCode(status);
        String title = info == null ? "HTTP " + status : info.getReasonPhrase();
        if (status >= 500) {
            Log.errorf(e, "%d %s", status, uri.getPath());
        }
        return respond(new Problem(Problem.type(slug(title)), title, status, detailFor(status, e), uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String conflict = concurrentChange(e);
        if (conflict != null) {
            Log.infof("409 %s: %s", uri.getPath(), conflict);
            return respond(new Problem(Problem.type("concurrent-change"), "Conflict", 409, "The resource was changed"
                    + " by another request at the same time; reload it and try again", uri.getPath(), null));
        }
        String database = databaseUnavailable(e);
        if (database != null) {
            Log.warnf("503 %s: the database is unreachable (%s)", uri.getPath(), database);
            return serviceUnavailable(uri.getPath(),
                    "The service cannot reach its database at the moment; try again shortly");
        }
        Log.errorf(e, "Unexpected failure of %s", uri.getPath());
        return respond(new Problem(Problem.type("internal"), "Internal error", 500,
                "The request could not be completed because of an internal error; it has been logged",
                uri.getPath(), null));
    }

    /**
     * Two requests changing one row at once, however deep it is wrapped (a transaction's rollback, an
     * interceptor): a stale optimistic lock, a lock not granted, a serialization failure or deadlock, or a
     * unique key taken meanwhile. Returns what happened, or null for any other failure.
     */
    static String concurrentChange(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            String name = t.getClass().getSimpleName();
            if (CONCURRENCY_FAILURES.contains(name)) {
                return name;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && CONCURRENCY_SQL_STATES.contains(sql.getSQLState())) {
                return "SQL state " + sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * The database cannot be reached, however deep it is wrapped: a connection that failed or was closed by a
     * server shutting down or restarting (SQL states 08xxx, 57P01-57P03), a JDBC connection exception, or no
     * connection obtained from the pool in time (Agroal's acquisition timeout, which also means the pool is
     * exhausted). Returns what happened, or null for any other failure.
     */
    static String databaseUnavailable(Throwable failure) {
        // A failed commit reports the database's answer as a suppressed exception, not as the cause.
        java.util.Deque<Throwable> pending = new java.util.ArrayDeque<>(List.of(failure));
        for (int seen = 0; !pending.isEmpty() && seen < 50; seen++) {
            Throwable t = pending.pop();
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t.getClass().getSimpleName().equals("JDBCConnectionException")) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || UNAVAILABLE_SQL_STATES.contains(state))) {
                    return "SQL state " + state + ": " + sql.getMessage();
                }
                if (state == null && sql.getMessage() != null && sql.getMessage().contains("Acquisition timeout")) {
                    return sql.getMessage();
                }
            }
            if (t.getCause() != null && t.getCause() != t) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return null;
    }

    /** admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down). */
    private static final java.util.Set<String> UNAVAILABLE_SQL_STATES = java.util.Set.of("57P01", "57P02", "57P03");
    /** How long a client should wait before trying again after a 503. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private static final java.util.Set<String> CONCURRENCY_FAILURES = java.util.Set.of("OptimisticLockException",
            "StaleObjectStateException", "StaleStateException", "OptimisticEntityLockException",
            "PessimisticLockException", "LockTimeoutException", "PessimisticEntityLockException");
    /** serialization_failure, deadlock_detected, lock_not_available, unique_violation. */
    private static final java.util.Set<String> CONCURRENCY_SQL_STATES = java.util.Set.of("40001", "40P01", "55P03",
            "23505");

    /** Fields of a {@code @BeanParam} (such as PageRequest) are query parameters, not body fields. */
    private static boolean isRequestParameterField(Object leafBean, String field) {
        if (leafBean == null || field.contains(".") || field.contains("[")) {
            return false;
        }
        for (Class<?> type = leafBean.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            try {
                var declared = type.getDeclaredField(field);
                return declared.isAnnotationPresent(jakarta.ws.rs.QueryParam.class)
                        || declared.isAnnotationPresent(jakarta.ws.rs.PathParam.class)
                        || declared.isAnnotationPresent(jakarta.ws.rs.HeaderParam.class);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return false;
    }

    /** {@code 503 service-unavailable} with {@code Retry-After}: nothing was changed, the client may try again. */
    public static Response serviceUnavailable(String path, String detail) {
        return Response.fromResponse(respond(new Problem(Problem.type("service-unavailable"), "Service unavailable",
                503, detail, path, null))).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Response fieldMismatch(JsonMappingException e, UriInfo uri, String message) {
        String field = jsonPath(e.getPath());
        return respond(new Problem(Problem.type("validation"), "Invalid request", 422,
                "The request has 1 invalid field(s)", uri.getPath(), List.of(new Problem.FieldError(field, message))));
    }

    private static String detailFor(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "Nothing exists at this address";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource cannot answer in the requested media type";
            case 415 -> "Send the request body as application/json";
            case 401 -> "Authentication is required: send a valid bearer token";
            case 403 -> "Your role may not do this";
            default -> e.getMessage();
        };
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value of the documented type";
        }
        if (java.math.BigDecimal.class.equals(type)) {
            return "decimal number as a string, e.g. \"12.50\"";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "list";
        }
        return type == String.class ? "string" : "JSON object";
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder name = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                name.append('[').append(ref.getIndex()).append(']');
            }
        }
        return name.toString();
    }

    /** A violation's property path as the client named the field, and whether it lies in the body. */
    record FieldPath(String name, boolean inBody) {

        static FieldPath of(Path path) {
            StringBuilder name = new StringBuilder();
            boolean inBody = false;
            String parameter = null;
            for (Path.Node node : path) {
                ElementKind kind = node.getKind();
                if (kind == ElementKind.PARAMETER) {
                    parameter = node.getName();
                } else if (kind == ElementKind.PROPERTY || kind == ElementKind.CONTAINER_ELEMENT) {
                    inBody = true;
                    if (node.getIndex() != null) {
                        name.append('[').append(node.getIndex()).append(']');
                    } else if (node.getKey() != null && kind == ElementKind.CONTAINER_ELEMENT) {
                        name.append('.').append(node.getKey());
                    }
                    if (node.getName() != null && kind == ElementKind.PROPERTY) {
                        if (name.length() > 0) {
                            name.append('.');
                        }
                        name.append(node.getName());
                    }
                } else if (kind == ElementKind.BEAN && parameter != null) {
                    inBody = true;
                }
            }
            if (!inBody) {
                return new FieldPath(parameter == null ? path.toString() : parameter, false);
            }
            return new FieldPath(name.length() == 0 ? "body" : name.toString(), true);
        }
    }
}
