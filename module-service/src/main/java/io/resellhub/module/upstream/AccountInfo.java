package io.resellhub.module.upstream;

/**
 * The answer of {@code func=whoami}.
 *
 * @param login the upstream login the credentials belong to
 * @param level the upstream access level ({@code "16"} is a client account); null when not sent
 */
public record AccountInfo(String login, String level) {
}
