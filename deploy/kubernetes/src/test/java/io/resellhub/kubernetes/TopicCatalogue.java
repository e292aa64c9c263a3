package io.resellhub.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one list of topics, read from deploy/local/infra's Topics.java (the source of truth the local
 * stack creates topics from), so a topic added there without a KafkaTopic here fails the build. The
 * file is read as text: this module must not depend on building the others. Without the file, the
 * documented list (architecture.md) is used.
 */
final class TopicCatalogue {

    static final Path TOPICS_JAVA = Path.of("deploy/local/infra/src/main/java/io/resellhub/localinfra/Topics.java");

    private static final List<String> DOCUMENTED = List.of("processing-modules", "tariffs", "reselling",
            "provisioning-requests", "provisioning-results", "orders");
    private static final int DOCUMENTED_PARTITIONS = 3;
    private static final int DOCUMENTED_DLQ_PARTITIONS = 1;

    private static final Pattern STRING_CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+([A-Z0-9_]+)\\s*=\\s*\"([^\"]+)\"\\s*;");
    private static final Pattern INT_CONSTANT = Pattern.compile("static\\s+final\\s+int\\s+([A-Z0-9_]+)\\s*=\\s*(\\d+)\\s*;");

    private TopicCatalogue() {
    }

    private static final List<String> DOCUMENTED_COMPACTED = List.of("processing-modules", "tariffs");
    private static final Pattern COMPACTED = Pattern.compile(
            "compactedTopics\\(\\)\\s*\\{\\s*return\\s+List\\.of\\(([^)]*)\\)");

    /** The topics Topics.java compacts ({@code compactedTopics()}), by name. */
    static List<String> compactedTopics() {
        Path file = Project.rootDir().resolve(TOPICS_JAVA);
        if (!Files.isRegularFile(file)) {
            return DOCUMENTED_COMPACTED;
        }
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> strings = new LinkedHashMap<>();
        Matcher s = STRING_CONSTANT.matcher(source);
        while (s.find()) {
            strings.put(s.group(1), s.group(2));
        }
        Matcher compacted = COMPACTED.matcher(source);
        if (!compacted.find()) {
            throw new AssertionError(file + " no longer declares compactedTopics() as `return List.of(CONSTANT, ...)`:"
                    + " adapt TopicCatalogue to read it");
        }
        return java.util.Arrays.stream(compacted.group(1).split(","))
                .map(String::strip)
                .map(constant -> {
                    String topic = strings.get(constant);
                    if (topic == null) {
                        throw new AssertionError("compactedTopics() names " + constant + ", not a topic constant");
                    }
                    return topic;
                })
                .toList();
    }

    /** Every topic with the partition count it is created with, event topics first, then their DLQs. */
    static Map<String, Integer> partitionsByTopic() {
        Path file = Project.rootDir().resolve(TOPICS_JAVA);
        List<String> events = DOCUMENTED;
        String dlqSuffix = ".dlq";
        int partitions = DOCUMENTED_PARTITIONS;
        int dlqPartitions = DOCUMENTED_DLQ_PARTITIONS;
        if (Files.isRegularFile(file)) {
            String source;
            try {
                source = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> strings = new LinkedHashMap<>();
            Matcher s = STRING_CONSTANT.matcher(source);
            while (s.find()) {
                strings.put(s.group(1), s.group(2));
            }
            Map<String, Integer> ints = new LinkedHashMap<>();
            Matcher i = INT_CONSTANT.matcher(source);
            while (i.find()) {
                ints.put(i.group(1), Integer.parseInt(i.group(2)));
            }
            dlqSuffix = strings.getOrDefault("DLQ_SUFFIX", dlqSuffix);
            events = strings.entrySet().stream()
                    .filter(e -> !e.getKey().equals("DLQ_SUFFIX"))
                    .map(Map.Entry::getValue)
                    .toList();
            if (events.isEmpty() || !ints.containsKey("PARTITIONS")) {
                throw new AssertionError(file + " no longer declares its topics as `static final String` constants and"
                        + " PARTITIONS as a `static final int`: adapt TopicCatalogue to read it");
            }
            partitions = ints.get("PARTITIONS");
            dlqPartitions = ints.getOrDefault("DLQ_PARTITIONS", partitions);
        }
        Map<String, Integer> all = new LinkedHashMap<>();
        for (String topic : events) {
            all.put(topic, partitions);
        }
        for (String topic : events) {
            all.put(topic + dlqSuffix, dlqPartitions);
        }
        return all;
    }
}
