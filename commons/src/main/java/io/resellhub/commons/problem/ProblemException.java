package io.resellhub.commons.problem;

import java.util.List;

/**
 * A failure that becomes a problem response as it is: services throw it (through the factories below
 * or a subclass) instead of building error bodies by hand.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ProblemException(String slug, String title, int status, String detail) {
        this(new Problem(Problem.type(slug), title, status, detail, null, null));
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException("not-found", "Not found", 404, what + " " + id + " does not exist");
    }

    public static ProblemException staleVersion(String what, Object id, long expected, long actual) {
        return new ProblemException("stale-version", "Stale version", 409,
                what + " " + id + " is at version " + actual + ", the request was based on version " + expected
                        + "; reload it and apply your change again");
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(slug, "Conflict", 409, detail);
    }

    public static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(new Problem(Problem.type("bad-request"), "Bad request", 400, detail, null,
                errors == null || errors.isEmpty() ? null : errors));
    }

    /** A well-formed request that breaks a rule (422), with every bad field named. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(new Problem(Problem.type("validation"), "Invalid request", 422,
                "The request has " + errors.size() + " invalid field(s)", null, errors));
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException unprocessable(String slug, String title, String detail) {
        return new ProblemException(slug, title, 422, detail);
    }
}
