package io.resellhub.kubernetes;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service reads from its environment, taken from its application.properties at test time (the
 * files keep growing): every {@code ${NAME}} / {@code ${NAME:default}} in the configuration the
 * {@code prod} profile sees (keys without a profile plus {@code %prod} ones; {@code %dev}/{@code %test}
 * keys do not run in the cluster), the Kafka topics it names, and whether it owns a datasource.
 */
final class ServiceProperties {

    /** An environment variable the configuration references, and the default it falls back to. */
    record EnvReference(String name, Optional<String> defaultValue, String key) {

        /** No default: the service does not start without it. */
        boolean required() {
            return defaultValue.isEmpty();
        }

        /** A default that only works on a developer's machine (127.0.0.1, localhost): must be set in a cluster. */
        boolean localDefault() {
            return defaultValue.map(v -> LOCAL.matcher(v).find()).orElse(false);
        }
    }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Pattern LOCAL = Pattern.compile("(?i)(127\\.0\\.0\\.1|localhost|\\[::1])");
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");
    private static final Pattern DATABASE_IN_JDBC_URL = Pattern.compile("jdbc:postgresql://[^/]+/([^?;]+)");

    final String service;
    /** The configuration as the prod profile sees it, key -> raw value. */
    final Map<String, String> effective;

    private ServiceProperties(String service, Map<String, String> effective) {
        this.service = service;
        this.effective = effective;
    }

    static ServiceProperties load(String service) {
        Path file = Project.applicationProperties(service);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("No " + file + ": is " + service + " still a module of the build?");
        }
        List<String> sources = new ArrayList<>();
        try {
            for (Path shared : Project.sharedConfigSources()) {
                sources.add(Files.readString(shared, StandardCharsets.UTF_8));
            }
            sources.add(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(service, sources.toArray(String[]::new));
    }

    /** Later sources override earlier ones (application.properties comes last). */
    static ServiceProperties parse(String service, String... sources) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> prod = new LinkedHashMap<>();
        for (String source : sources) {
            Properties properties = new Properties();
            try (Reader reader = new StringReader(source)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                String value = properties.getProperty(key);
                if (key.startsWith("%")) {
                    int dot = key.indexOf('.');
                    if (dot < 0) {
                        continue;
                    }
                    Set<String> profiles = Set.of(key.substring(1, dot).split(","));
                    if (profiles.contains("prod")) {
                        prod.put(key.substring(dot + 1), value);
                    }
                } else {
                    plain.put(key, value);
                }
            }
        }
        Map<String, String> effective = new TreeMap<>(plain);
        effective.putAll(prod);
        return new ServiceProperties(service, effective);
    }

    /** Every environment variable referenced, by name. Required if any reference to it has no default. */
    Map<String, EnvReference> envReferences() {
        Map<String, EnvReference> references = new TreeMap<>();
        effective.forEach((key, value) -> {
            for (EnvReference reference : references(key, value)) {
                references.merge(reference.name(), reference,
                        (a, b) -> a.required() ? a : b.required() ? b : a.localDefault() ? a : b);
            }
        });
        return references;
    }

    /** The environment variable behind a key, e.g. DB_URL for quarkus.datasource.jdbc.url. */
    Optional<EnvReference> envBehind(String key) {
        String value = effective.get(key);
        return value == null ? Optional.empty() : references(key, value).stream().findFirst();
    }

    boolean ownsDatasource() {
        return effective.keySet().stream().anyMatch(k -> k.startsWith("quarkus.datasource."));
    }

    /** The database name in the JDBC URL's default (what the CloudNativePG cluster must create). */
    Optional<String> databaseName() {
        return envBehind("quarkus.datasource.jdbc.url")
                .flatMap(EnvReference::defaultValue)
                .or(() -> Optional.ofNullable(effective.get("quarkus.datasource.jdbc.url")))
                .map(DATABASE_IN_JDBC_URL::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1));
    }

    boolean usesKafka() {
        return effective.containsKey("kafka.bootstrap.servers")
                || effective.keySet().stream().anyMatch(k -> CHANNEL.matcher(k).matches());
    }

    /**
     * Every Kafka topic the messaging channels name: {@code topic} (the channel name when absent) and
     * the dead-letter topic of a channel with {@code failure-strategy=dead-letter-queue} (SmallRye's
     * default name when absent).
     */
    Set<String> topics() {
        Map<String, Map<String, String>> channels = new TreeMap<>();
        effective.forEach((key, value) -> {
            Matcher m = CHANNEL.matcher(key);
            if (m.matches()) {
                channels.computeIfAbsent(m.group(2), c -> new TreeMap<>()).put(m.group(3), value);
            }
        });
        Set<String> topics = new TreeSet<>();
        channels.forEach((channel, attributes) -> {
            String connector = attributes.getOrDefault("connector", "smallrye-kafka");
            if (!"smallrye-kafka".equals(connector)) {
                return;
            }
            topics.add(attributes.getOrDefault("topic", channel));
            if ("dead-letter-queue".equals(attributes.get("failure-strategy"))) {
                topics.add(attributes.getOrDefault("dead-letter-queue.topic", "dead-letter-topic-" + channel));
            }
            topics.addAll(Arrays.stream(attributes.getOrDefault("topics", "").split(","))
                    .map(String::trim).filter(t -> !t.isEmpty()).toList());
        });
        return topics;
    }

    /** The ${...} expressions of one value, with nesting: ${A:${B:x}} references A (default) and B. */
    static List<EnvReference> references(String key, String value) {
        List<EnvReference> found = new ArrayList<>();
        collect(key, value, found);
        return found;
    }

    private static void collect(String key, String value, List<EnvReference> found) {
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                return;
            }
            if (start > 0 && (value.charAt(start - 1) == '\\' || value.charAt(start - 1) == '$')) {
                i = start + 2;
                continue;
            }
            int depth = 0;
            int end = -1;
            int colon = -1;
            for (int j = start + 2; j < value.length(); j++) {
                char c = value.charAt(j);
                if (c == '{' && value.charAt(j - 1) == '$') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        end = j;
                        break;
                    }
                    depth--;
                } else if (c == ':' && depth == 0 && colon < 0) {
                    colon = j;
                }
            }
            if (end < 0) {
                return;
            }
            String name = value.substring(start + 2, colon < 0 ? end : colon).trim();
            Optional<String> defaultValue = colon < 0 ? Optional.empty() : Optional.of(value.substring(colon + 1, end));
            if (ENV_NAME.matcher(name).matches()) {
                found.add(new EnvReference(name, defaultValue, key));
            }
            // A reference inside the default is only a fallback: it never makes its variable required.
            defaultValue.ifPresent(d -> {
                List<EnvReference> nested = new ArrayList<>();
                collect(key, d, nested);
                nested.forEach(n -> found.add(new EnvReference(n.name(), Optional.of(n.defaultValue().orElse("")), key)));
            });
            i = end + 1;
        }
    }

    @Override
    public String toString() {
        return service + " application.properties";
    }
}
