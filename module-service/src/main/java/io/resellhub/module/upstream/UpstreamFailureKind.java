package io.resellhub.module.upstream;

/** What went wrong when calling an upstream BILLmanager. */
public enum UpstreamFailureKind {
    /** Wrong username or password (error type {@code auth}), also after one re-login in session mode. */
    AUTHENTICATION,
    /** The account may not call the function, or is blocked (error type {@code access}). */
    PERMISSION,
    /** A parameter is missing or has a bad value (error types {@code missed}, {@code value}); see {@code field()}. */
    VALIDATION,
    /** The object already exists (error type {@code exists}). */
    CONFLICT,
    /** The id names nothing this account can see (error type {@code notfound}). */
    NOT_FOUND,
    /** The upstream balance cannot pay (error type {@code money}); never retried. */
    INSUFFICIENT_BALANCE,
    /** The plan cannot be ordered now (error type {@code unavailable}). */
    PLAN_UNAVAILABLE,
    /** Any other upstream error envelope, an HTTP 5xx, or an answer cut off in the middle. */
    UPSTREAM_ERROR,
    /** Something else answered: HTML, a redirect, a 4xx, a body that is not JSON/XML or has no {@code doc}. */
    NOT_BILLMANAGER,
    /** Connection refused, unknown host, TLS failure, connection lost. */
    UNREACHABLE,
    /** Connect or read timeout. */
    TIMEOUT,
    /** The circuit breaker of this upstream is open after repeated transient failures. */
    CIRCUIT_OPEN
}
