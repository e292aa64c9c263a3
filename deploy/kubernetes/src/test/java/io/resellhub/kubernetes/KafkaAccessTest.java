package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;

/**
 * Who may do what on Kafka: every listener authenticates, the cluster authorizes (simple), each service is a
 * KafkaUser of its own whose Secret its pods use, and the ACLs give each service what its application.properties
 * consume (topics, its consumer group, its dead-letter topics) and keep the provisioning topics and the state
 * topics away from the services that have no business with them: only module-service reads provisioning
 * requests and only reselling-service writes them; only reselling-service reads the results.
 */
class KafkaAccessTest {

    private static final List<String> KAFKA_CLIENTS = List.of("module-service", "tariff-service", "reselling-service");
    /** Topic → the only users that may read it; each of them must. */
    private static final Map<String, Set<String>> READERS = Map.of(
            "provisioning-requests", Set.of("module-service"),
            "provisioning-results", Set.of("reselling-service"));
    /** Topic → the only users that may write it (reselling-service: also the operators' dead-letter replay). */
    private static final Map<String, Set<String>> WRITERS = Map.of(
            "tariffs", Set.of("tariff-service", "reselling-service"),
            "processing-modules", Set.of("module-service", "reselling-service"),
            "reselling", Set.of("reselling-service"),
            "orders", Set.of("reselling-service"),
            "provisioning-requests", Set.of("reselling-service"),
            "provisioning-results", Set.of("module-service", "reselling-service"));
    /** Topic → the users that publish it through their outbox (not in application.properties), so must write it. */
    private static final Map<String, Set<String>> PUBLISHERS = Map.of(
            "provisioning-requests", Set.of("reselling-service"),
            "provisioning-results", Set.of("module-service"));

    static List<String> overlays() {
        return Project.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyListenerAuthenticatesAndTheClusterAuthorizes(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Kafka kafka : Rendered.overlay(overlay).all(Kafka.class)) {
            for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
                if (listener.getAuth() == null) {
                    problems.add("listener " + listener.getName() + " lets clients in without authentication");
                }
            }
            if (!(kafka.getSpec().getKafka().getAuthorization() instanceof KafkaAuthorizationSimple)) {
                problems.add("Kafka " + kafka.getMetadata().getName() + ": authorization must be simple (ACLs)");
            }
            if (kafka.getSpec().getEntityOperator() == null || kafka.getSpec().getEntityOperator().getUserOperator() == null) {
                problems.add("Kafka " + kafka.getMetadata().getName() + ": needs the User Operator for the KafkaUsers");
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void eachServiceConnectsAsItsOwnUser(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Map<String, KafkaUser> users = users(rendered);
        List<String> problems = new ArrayList<>();
        for (String service : KAFKA_CLIENTS) {
            if (!users.containsKey(service)) {
                problems.add(service + ": no KafkaUser");
                continue;
            }
            if (users.get(service).getSpec().getAuthentication() == null) {
                problems.add(service + ": its KafkaUser has no authentication");
            }
            Deployment deployment = rendered.deployment(service);
            EnvVar jaas = Pods.main(deployment).getEnv().stream()
                    .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst().orElse(null);
            if (jaas == null || jaas.getValueFrom() == null || jaas.getValueFrom().getSecretKeyRef() == null
                    || !service.equals(jaas.getValueFrom().getSecretKeyRef().getName())) {
                problems.add(service + ": KAFKA_SASL_JAAS_CONFIG must come from Secret " + service
                        + " (its KafkaUser's)");
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theAclsGiveEachServiceWhatItConsumesAndKeepTheRestAway(String overlay) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> allowed = grants(users(Rendered.overlay(overlay)), problems);

        for (String service : KAFKA_CLIENTS) {
            Set<String> grants = allowed.getOrDefault(service, Set.of());
            Properties properties = properties(service);
            for (String key : properties.stringPropertyNames()) {
                String value = properties.getProperty(key);
                if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                    require(service, grants, "topic " + value + " Read", problems);
                } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id")) {
                    require(service, grants, "group " + value + " Read", problems);
                    allowed.forEach((other, theirs) -> {
                        if (!other.equals(service) && theirs.contains("group " + value + " Read")) {
                            problems.add(other + " may use consumer group " + value + " of " + service);
                        }
                    });
                } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic")) {
                    require(service, grants, "topic " + value + " Write", problems);
                }
            }
        }
        problems.addAll(whoReadsAndWrites(allowed));
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void aBrokenCopyOfTheProvisioningAclsFailsTheCheck(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertEquals(List.of(), provisioningProblems(rendered));

        assertEquals(List.of("tariff-service may read provisioning-requests, which only [module-service] may"),
                provisioningProblems(withAcl(rendered, "tariff-service", "provisioning-requests", "Read")));
        assertEquals(List.of("reselling-service may read provisioning-requests, which only [module-service] may"),
                provisioningProblems(withAcl(rendered, "reselling-service", "provisioning-requests", "Read")));
        assertEquals(List.of("module-service may write provisioning-requests, which only [reselling-service] may"),
                provisioningProblems(withAcl(rendered, "module-service", "provisioning-requests", "Write")));
        assertEquals(List.of("module-service may read provisioning-results, which only [reselling-service] may"),
                provisioningProblems(withAcl(rendered, "module-service", "provisioning-results", "Read")));
        assertEquals(List.of("tariff-service may write provisioning-results, which only"
                + " [module-service, reselling-service] may"),
                provisioningProblems(withAcl(rendered, "tariff-service", "provisioning-results", "Write")));
        assertEquals(List.of("module-service needs topic provisioning-results Write (it publishes it)"),
                provisioningProblems(withoutAcl(rendered, "module-service", "provisioning-results")));
    }

    private static List<String> provisioningProblems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        problems.addAll(whoReadsAndWrites(grants(users(rendered), problems)));
        return problems;
    }

    /** A copy of the manifests where {@code user} may also do {@code operation} on {@code topic}. */
    private static Rendered withAcl(Rendered rendered, String user, String topic, String operation) {
        return rendered.changed("broken copy: " + user + " " + operation + " " + topic, documents -> {
            ObjectNode rule = acls(documents, user).addObject();
            rule.putObject("resource").put("type", "topic").put("name", topic).put("patternType", "literal");
            rule.putArray("operations").add(operation);
        });
    }

    /** A copy of the manifests where {@code user} has no ACL on {@code topic}. */
    private static Rendered withoutAcl(Rendered rendered, String user, String topic) {
        return rendered.changed("broken copy: " + user + " without " + topic, documents -> {
            ArrayNode acls = acls(documents, user);
            for (int i = acls.size() - 1; i >= 0; i--) {
                if (topic.equals(acls.get(i).path("resource").path("name").asText())) {
                    acls.remove(i);
                }
            }
        });
    }

    private static ArrayNode acls(List<ObjectNode> documents, String user) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals("KafkaUser")
                        && d.path("metadata").path("name").asText().equals(user))
                .map(d -> (ArrayNode) d.path("spec").path("authorization").path("acls"))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaUser " + user));
    }

    /** Every grant (topic or group, operation) each user's ACLs allow, e.g. "topic tariffs Read". */
    private static Map<String, Set<String>> grants(Map<String, KafkaUser> users, List<String> problems) {
        Map<String, Set<String>> allowed = new TreeMap<>();
        users.forEach((name, user) -> {
            Set<String> grants = new TreeSet<>();
            if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
                problems.add(name + ": authorization must be simple");
                return;
            }
            for (AclRule rule : simple.getAcls()) {
                if (rule.getType() == AclRuleType.DENY) {
                    continue;
                }
                List<AclOperation> operations = rule.getOperations() != null ? rule.getOperations()
                        : List.of(rule.getOperation());
                String resource;
                if (rule.getResource() instanceof AclRuleTopicResource topic) {
                    resource = "topic " + topic.getName();
                    literal(name, topic.getName(), topic.getPatternType(), problems);
                } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                    resource = "group " + group.getName();
                    literal(name, group.getName(), group.getPatternType(), problems);
                } else {
                    problems.add(name + ": only topic and group ACLs expected, found " + rule.getResource());
                    continue;
                }
                for (AclOperation operation : operations) {
                    if (operation == AclOperation.ALL) {
                        problems.add(name + ": operation All on " + resource + " (name the operations)");
                    }
                    grants.add(resource + " " + operation.toValue());
                }
            }
            allowed.put(name, grants);
        });
        return allowed;
    }

    /** Who may read and write the restricted topics: only those listed, and the listed readers and publishers must. */
    private static List<String> whoReadsAndWrites(Map<String, Set<String>> allowed) {
        List<String> problems = new ArrayList<>();
        allowed.forEach((user, grants) -> {
            READERS.forEach((topic, only) -> {
                if (!only.contains(user) && grants.contains("topic " + topic + " Read")) {
                    problems.add(user + " may read " + topic + ", which only " + new TreeSet<>(only) + " may");
                }
            });
            WRITERS.forEach((topic, only) -> {
                if (!only.contains(user) && grants.contains("topic " + topic + " Write")) {
                    problems.add(user + " may write " + topic + ", which only " + new TreeSet<>(only) + " may");
                }
            });
        });
        READERS.forEach((topic, readers) -> readers.forEach(user -> {
            if (!allowed.getOrDefault(user, Set.of()).contains("topic " + topic + " Read")) {
                problems.add(user + " needs topic " + topic + " Read (it consumes it)");
            }
        }));
        PUBLISHERS.forEach((topic, publishers) -> publishers.forEach(user -> {
            if (!allowed.getOrDefault(user, Set.of()).contains("topic " + topic + " Write")) {
                problems.add(user + " needs topic " + topic + " Write (it publishes it)");
            }
        }));
        return problems;
    }

    private static Map<String, KafkaUser> users(Rendered rendered) {
        Map<String, KafkaUser> users = new TreeMap<>();
        rendered.all(KafkaUser.class).forEach(u -> users.put(u.getMetadata().getName(), u));
        return users;
    }

    private static void literal(String user, String name, AclResourcePatternType pattern, List<String> problems) {
        if (pattern == AclResourcePatternType.PREFIX || "*".equals(name)) {
            problems.add(user + ": ACL on '" + name + "' is not a literal name");
        }
    }

    private static void require(String service, Set<String> grants, String grant, List<String> problems) {
        if (!grants.contains(grant)) {
            problems.add(service + " needs " + grant + " (its application.properties use it)");
        }
    }

    private static Properties properties(String service) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Project.applicationProperties(service))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
