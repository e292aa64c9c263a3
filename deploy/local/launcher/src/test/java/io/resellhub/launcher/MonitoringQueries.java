package io.resellhub.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The PromQL queries of the Kubernetes monitoring component (deploy/kubernetes/components/prometheus-operator):
 * the PrometheusRule's alert expressions and the Grafana dashboard's panel queries, and the metric names they
 * use, so a test can hold them to a running service's {@code /q/metrics}.
 */
final class MonitoringQueries {

    static final Path COMPONENT = Path.of("deploy/kubernetes/components/prometheus-operator");
    static final Path RULES = COMPONENT.resolve("prometheus-rules.yaml");
    static final Path DASHBOARD = COMPONENT.resolve("dashboards/resellhub.json");

    /** An alert's expression: the rules file keeps each on one line. */
    private static final Pattern RULE_EXPR = Pattern.compile("^\\s*expr:\\s*(.+?)\\s*$", Pattern.MULTILINE);
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");

    private MonitoringQueries() {
    }

    /** Every alert expression of the rules and every panel query of the dashboard, under {@code root}. */
    static List<String> expressions(Path root) {
        List<String> expressions = new ArrayList<>();
        try {
            Matcher rule = RULE_EXPR.matcher(Files.readString(root.resolve(RULES)));
            while (rule.find()) {
                expressions.add(rule.group(1));
            }
            JsonNode dashboard = new ObjectMapper().readTree(root.resolve(DASHBOARD).toFile());
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    expressions.add(target.path("expr").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expressions;
    }

    /** The metric names (sample names as Prometheus stores them) the queries under {@code root} use. */
    static Set<String> metricNames(Path root) {
        Set<String> names = new TreeSet<>();
        expressions(root).forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }

    /**
     * The metric names of one PromQL expression: the identifiers left once strings, label matchers, ranges and
     * grouping clauses are removed, that are neither a function or aggregation (followed by a parenthesis) nor a
     * keyword.
     */
    static Set<String> metricNames(String expression) {
        String bare = STRING.matcher(expression).replaceAll("\"\"");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
            boolean number = identifier.start() > 0 && Character.isDigit(bare.charAt(identifier.start() - 1));
            if (!function && !number && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** The sample names in a Prometheus text exposition ({@code /q/metrics}), comments left out. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher name = IDENTIFIER.matcher(line);
            if (name.lookingAt()) {
                names.add(name.group());
            }
        }
        return names;
    }
}
