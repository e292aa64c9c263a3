package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;

/**
 * Only the gateway is reachable from outside; each service is reachable only by its callers, reaches
 * only its own database, Kafka (if it uses Kafka) and the services it calls; each database accepts only
 * its service. The pods of the operators' workloads are modelled by the labels the operators give them.
 */
class NetworkPoliciesTest {

    /** Namespaces a policy may admit traffic from, and what for. Add yours here when you change them. */
    static final Map<String, String> EXTERNAL_NAMESPACES = Map.of(
            "ingress-nginx", "ingress controller",
            "monitoring", "prometheus",
            "cnpg-system", "cloudnative-pg operator");

    private static final int DNS = 53;
    private static final int POSTGRES = 5432;
    private static final int POSTGRES_METRICS = 9187;
    private static final Set<Integer> CNPG_OPERATOR_PORTS = Set.of(8000, POSTGRES);

    /** A pod kind of the namespace, with its labels and ports. */
    record Pod(String name, Kind kind, Map<String, String> labels, Set<Integer> ports, Integer metricsPort) {
    }

    enum Kind {
        APP, DATABASE, KAFKA
    }

    static List<String> overlays() {
        return Project.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void ingressIsDeniedByDefault(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        boolean defaultDeny = rendered.all(NetworkPolicy.class).stream().anyMatch(p ->
                Pods.selects(p.getSpec().getPodSelector(), Map.of("any", "pod"))
                        && isEmpty(p.getSpec().getPodSelector())
                        && p.getSpec().getPolicyTypes().contains("Ingress")
                        && p.getSpec().getIngress().isEmpty());
        Problems.assertNone(defaultDeny ? List.of()
                : List.of(overlay + ": needs a NetworkPolicy with an empty podSelector denying all ingress"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void egressIsDeniedByDefault(String overlay) {
        Problems.assertNone(egressDefaultDenyProblems(Rendered.overlay(overlay)));
    }

    @Test
    void aCopyWhoseDefaultEgressPolicyAllowsEverythingFailsTheCheck() {
        Rendered prod = Rendered.overlay("prod");
        Rendered allowed = prod.changed("broken copy: default-deny-egress allows all", documents -> documents.stream()
                .filter(d -> "default-deny-egress".equals(d.at("/metadata/name").asText()))
                .forEach(d -> ((ObjectNode) d.get("spec")).putArray("egress").addObject()));
        Rendered removed = prod.changed("broken copy: no default-deny-egress", documents -> documents.removeIf(d ->
                "default-deny-egress".equals(d.at("/metadata/name").asText())));
        assertEquals(1, egressDefaultDenyProblems(allowed).size());
        assertEquals(1, egressDefaultDenyProblems(removed).size());
    }

    static List<String> egressDefaultDenyProblems(Rendered rendered) {
        boolean defaultDeny = rendered.all(NetworkPolicy.class).stream().anyMatch(p -> isEmpty(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().contains("Egress")
                && p.getSpec().getEgress().isEmpty());
        return defaultDeny ? List.of()
                : List.of(rendered + ": needs a NetworkPolicy with an empty podSelector denying all egress");
    }

    /**
     * Under the default deny, the operators' pods get their exceptions: DNS, their own cluster's pods, and
     * outside the cluster only HTTPS/the API server port (Kubernetes API, backup object store). A database
     * reaches no other database and no application.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void databaseAndKafkaPodsReachDnsTheirOwnClusterAndTheApiOnly(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<Pod> pods = pods(rendered);
        List<String> problems = new ArrayList<>();
        for (Pod pod : pods) {
            if (pod.kind() == Kind.APP) {
                continue;
            }
            List<NetworkPolicyEgressRule> rules = rendered.all(NetworkPolicy.class).stream()
                    .filter(p -> Pods.selects(p.getSpec().getPodSelector(), pod.labels()))
                    .flatMap(p -> p.getSpec().getEgress().stream())
                    .toList();
            boolean dns = rules.stream().anyMatch(r -> r.getTo().isEmpty() && r.getPorts().stream().anyMatch(p -> matches(p, DNS)));
            boolean ownCluster = false;
            for (NetworkPolicyEgressRule rule : rules) {
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    if (peer.getIpBlock() != null) {
                        if (rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(p -> !matches(p, 443) && !matches(p, 6443))) {
                            problems.add(pod.name() + ": egress outside the cluster only on 443/6443 (API, object store)");
                        }
                        continue;
                    }
                    for (Pod target : pods) {
                        if (peer.getNamespaceSelector() == null && Pods.selects(peer.getPodSelector(), target.labels())) {
                            if (target.name().equals(pod.name())) {
                                ownCluster = true;
                            } else {
                                problems.add(pod.name() + " may reach " + target.name());
                            }
                        }
                    }
                }
            }
            if (!dns) {
                problems.add(pod.name() + ": no egress rule allows DNS");
            }
            if (!ownCluster) {
                problems.add(pod.name() + ": no egress rule allows its own cluster's pods (replication, quorum)");
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheGatewayIsReachableFromOutsideTheNamespace(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<Pod> pods = pods(rendered);
        List<String> problems = new ArrayList<>();
        for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
            String name = policy.getMetadata().getName();
            List<Pod> selected = selected(policy, pods);
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (rule.getFrom().isEmpty()) {
                    problems.add(name + ": an ingress rule without `from` admits every source");
                }
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    if (peer.getIpBlock() != null) {
                        problems.add(name + ": ingress from an ipBlock; use the ingress controller's namespace");
                    }
                    if (peer.getNamespaceSelector() == null) {
                        continue;
                    }
                    String namespace = namespace(peer.getNamespaceSelector());
                    String role = EXTERNAL_NAMESPACES.get(namespace);
                    if (role == null) {
                        problems.add(name + ": admits namespace " + namespace + ", not one of " + EXTERNAL_NAMESPACES.keySet());
                        continue;
                    }
                    if (rule.getPorts().isEmpty()) {
                        problems.add(name + ": ingress from " + namespace + " must name its ports");
                    }
                    switch (role) {
                        case "ingress controller" -> selected.stream()
                                .filter(p -> !Project.GATEWAY.equals(p.name()))
                                .forEach(p -> problems.add(name + ": lets the ingress controller reach " + p.name()
                                        + "; only the gateway is public"));
                        case "prometheus" -> selected.forEach(p -> rule.getPorts().stream()
                                .filter(port -> !matches(port, p.metricsPort()))
                                .forEach(port -> problems.add(name + ": Prometheus may reach " + p.name()
                                        + " only on its metrics port " + p.metricsPort() + ", not " + port.getPort())));
                        default -> {
                            selected.stream().filter(p -> p.kind() != Kind.DATABASE).forEach(p -> problems.add(
                                    name + ": the CloudNativePG operator needs to reach database pods only, not " + p.name()));
                            rule.getPorts().stream().filter(port -> CNPG_OPERATOR_PORTS.stream().noneMatch(n -> matches(port, n)))
                                    .forEach(port -> problems.add(name + ": operator port " + port.getPort()
                                            + " is not one of " + CNPG_OPERATOR_PORTS));
                        }
                    }
                }
            }
        }
        Pod gateway = pods.stream().filter(p -> Project.GATEWAY.equals(p.name())).findFirst().orElseThrow();
        boolean gatewayPublic = rendered.all(NetworkPolicy.class).stream()
                .filter(p -> Pods.selects(p.getSpec().getPodSelector(), gateway.labels()))
                .flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                        && "ingress controller".equals(EXTERNAL_NAMESPACES.get(namespace(peer.getNamespaceSelector()))))
                        && rule.getPorts().stream().anyMatch(port -> gateway.ports().stream().anyMatch(n -> matches(port, n))));
        if (!gatewayPublic) {
            problems.add("The ingress controller cannot reach the gateway's port: no policy admits it");
        }
        Problems.assertNone(problems);
    }

    /**
     * The management port (health, metrics) of every service: the monitoring namespace reaches it, and only it;
     * no other peer (the ingress controller, another service) is admitted there.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theManagementPortAdmitsOnlyTheMonitoringNamespace(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Pod app : pods(rendered)) {
            if (app.kind() != Kind.APP) {
                continue;
            }
            if (app.metricsPort() == null) {
                problems.add(app.name() + ": no container port named `management`");
                continue;
            }
            boolean monitored = false;
            for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
                if (!Pods.selects(policy.getSpec().getPodSelector(), app.labels())) {
                    continue;
                }
                for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                    boolean toManagement = rule.getPorts().isEmpty()
                            || rule.getPorts().stream().anyMatch(p -> matches(p, app.metricsPort()));
                    if (!toManagement) {
                        continue;
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        boolean monitoring = peer.getNamespaceSelector() != null && peer.getPodSelector() == null
                                && "prometheus".equals(EXTERNAL_NAMESPACES.get(namespace(peer.getNamespaceSelector())));
                        if (monitoring) {
                            monitored = true;
                        } else {
                            problems.add(policy.getMetadata().getName() + ": admits " + peer + " to the management"
                                    + " port " + app.metricsPort() + " of " + app.name() + "; only monitoring may");
                        }
                    }
                }
            }
            if (!monitored) {
                problems.add(app.name() + ": the monitoring namespace cannot reach its management port "
                        + app.metricsPort());
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesAreReachableOnlyByTheirCallers(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<Pod> pods = pods(rendered);
        Map<String, Set<String>> calls = calls(rendered);
        List<String> problems = new ArrayList<>();
        for (Pod target : pods) {
            if (target.kind() != Kind.APP) {
                continue;
            }
            for (Pod source : pods) {
                if (source.kind() != Kind.APP || source == target) {
                    continue;
                }
                boolean admitted = admits(rendered, source, target, target.ports().iterator().next());
                boolean caller = calls.getOrDefault(source.name(), Set.of()).contains(target.name());
                if (caller && !admitted) {
                    problems.add(target.name() + " does not admit its caller " + source.name());
                }
                if (!caller && admitted) {
                    problems.add(target.name() + " admits " + source.name() + ", which does not call it");
                }
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyDatabaseAcceptsOnlyItsOwnService(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<Pod> pods = pods(rendered);
        List<String> problems = new ArrayList<>();
        for (Pod database : pods) {
            if (database.kind() != Kind.DATABASE) {
                continue;
            }
            if (rendered.all(NetworkPolicy.class).stream().noneMatch(p -> Pods.selects(p.getSpec().getPodSelector(), database.labels())
                    && !isEmpty(p.getSpec().getPodSelector()))) {
                problems.add(database.name() + ": no NetworkPolicy of its own (its operator and instances must be admitted)");
            }
            for (Pod app : pods) {
                if (app.kind() != Kind.APP) {
                    continue;
                }
                boolean owner = owns(app.name(), database.name(), rendered);
                boolean admitted = admits(rendered, app, database, POSTGRES);
                if (owner && !admitted) {
                    problems.add(database.name() + " does not admit its service " + app.name());
                }
                if (!owner && admitted) {
                    problems.add(database.name() + " admits " + app.name() + "; a service reaches only its own database");
                }
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesReachOnlyTheirDatabaseKafkaAndTheServicesTheyCall(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<Pod> pods = pods(rendered);
        Map<String, Set<String>> calls = calls(rendered);
        List<String> problems = new ArrayList<>();
        for (Pod app : pods) {
            if (app.kind() != Kind.APP) {
                continue;
            }
            ServiceProperties properties = ServiceProperties.load(app.name());
            List<NetworkPolicy> egressPolicies = rendered.all(NetworkPolicy.class).stream()
                    .filter(p -> Pods.selects(p.getSpec().getPodSelector(), app.labels()))
                    .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
                    .toList();
            if (egressPolicies.isEmpty()) {
                problems.add(app.name() + ": no NetworkPolicy restricts its egress");
                continue;
            }
            Set<String> reached = new TreeSet<>();
            for (NetworkPolicy policy : egressPolicies) {
                for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                    if (rule.getTo().isEmpty()) {
                        if (rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(p -> !matches(p, DNS))) {
                            problems.add(app.name() + ": an egress rule without `to` may only open DNS (53)");
                        }
                        continue;
                    }
                    for (NetworkPolicyPeer peer : rule.getTo()) {
                        if (peer.getIpBlock() != null) {
                            if (!Project.UPSTREAM_CALLER.equals(app.name())) {
                                problems.add(app.name() + ": egress to " + peer.getIpBlock().getCidr() + "; only "
                                        + Project.UPSTREAM_CALLER + " calls outside the cluster");
                            } else if (rule.getPorts().isEmpty()) {
                                problems.add(app.name() + ": egress to " + peer.getIpBlock().getCidr() + " must name its ports");
                            }
                            continue;
                        }
                        if (peer.getNamespaceSelector() != null) {
                            problems.add(app.name() + ": egress to another namespace; everything it needs is here");
                            continue;
                        }
                        List<Pod> targets = pods.stream().filter(p -> Pods.selects(peer.getPodSelector(), p.labels())).toList();
                        if (targets.isEmpty()) {
                            problems.add(app.name() + ": egress peer " + peer.getPodSelector() + " selects no pod");
                        }
                        for (Pod target : targets) {
                            reached.add(target.name());
                            boolean allowed = switch (target.kind()) {
                                case APP -> calls.getOrDefault(app.name(), Set.of()).contains(target.name());
                                case DATABASE -> owns(app.name(), target.name(), rendered);
                                case KAFKA -> properties.usesKafka();
                            };
                            if (!allowed) {
                                problems.add(app.name() + " may reach " + target.name() + ", which it does not use");
                            }
                        }
                    }
                }
            }
            if (Project.UPSTREAM_CALLER.equals(app.name()) && egressPolicies.stream()
                    .flatMap(p -> p.getSpec().getEgress().stream())
                    .noneMatch(r -> r.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null)
                            && r.getPorts().stream().anyMatch(p -> matches(p, 443)))) {
                problems.add(app.name() + ": egress must allow its upstream BILLmanager installations on 443");
            }
            Set<String> needed = new TreeSet<>(calls.getOrDefault(app.name(), Set.of()));
            rendered.databases().stream().filter(c -> owns(app.name(), c.name(), rendered)).forEach(c -> needed.add(c.name()));
            if (properties.usesKafka()) {
                rendered.all(Kafka.class).forEach(k -> needed.add(k.getMetadata().getName()));
            }
            needed.removeAll(reached);
            if (!needed.isEmpty()) {
                problems.add(app.name() + ": egress does not allow what it needs: " + needed);
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheKafkaClientsPassTheKafkaListenerPolicy(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Kafka kafka : rendered.all(Kafka.class)) {
            for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
                List<NetworkPolicyPeer> peers = Optional.ofNullable(listener.getNetworkPolicyPeers()).orElse(List.of());
                for (Deployment deployment : rendered.all(Deployment.class)) {
                    String name = deployment.getMetadata().getName();
                    boolean admitted = peers.stream().anyMatch(p -> p.getNamespaceSelector() == null
                            && Pods.selects(p.getPodSelector(), Pods.labels(deployment)));
                    boolean uses = ServiceProperties.load(name).usesKafka();
                    if (uses != admitted) {
                        problems.add("Kafka listener " + listener.getName() + (uses ? " rejects " : " admits ") + name
                                + (uses ? ", which uses Kafka" : ", which does not use Kafka"));
                    }
                }
                if (peers.stream().anyMatch(p -> p.getNamespaceSelector() != null || p.getIpBlock() != null)) {
                    problems.add("Kafka listener " + listener.getName() + " admits clients from outside the namespace");
                }
            }
        }
        Problems.assertNone(problems);
    }

    /** The pods of the namespace: the Deployments' and those the operators create. */
    static List<Pod> pods(Rendered rendered) {
        List<Pod> pods = new ArrayList<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Set<Integer> ports = new TreeSet<>();
            Pods.main(deployment).getPorts().forEach(p -> ports.add(p.getContainerPort()));
            // Prometheus scrapes the management port (health, metrics), never the API port.
            Integer management = Pods.managementPort(Pods.main(deployment)).map(ContainerPort::getContainerPort)
                    .orElse(null);
            pods.add(new Pod(deployment.getMetadata().getName(), Kind.APP, Pods.labels(deployment), ports,
                    management));
        }
        for (CloudNativePg.Cluster cluster : rendered.databases()) {
            pods.add(new Pod(cluster.name(), Kind.DATABASE, cluster.podLabels(), Set.of(POSTGRES, 8000, POSTGRES_METRICS),
                    POSTGRES_METRICS));
        }
        for (Kafka kafka : rendered.all(Kafka.class)) {
            String name = kafka.getMetadata().getName();
            Set<Integer> ports = new TreeSet<>();
            kafka.getSpec().getKafka().getListeners().forEach(l -> ports.add(l.getPort()));
            pods.add(new Pod(name, Kind.KAFKA, Map.of("strimzi.io/cluster", name, "strimzi.io/name", name + "-kafka",
                    "strimzi.io/kind", "Kafka"), ports, null));
        }
        return pods;
    }

    /** Which services each service calls over HTTP (its *_URL variables pointing at a Service). */
    static Map<String, Set<String>> calls(Rendered rendered) {
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Set<String> targets = new TreeSet<>();
            PodEnvironment.of(Pods.main(deployment), rendered, new ArrayList<>()).forEach((name, source) -> {
                String value = PodEnvironment.value(source);
                if (name.endsWith("_URL") && value != null && value.startsWith("http")) {
                    targets.add(URI.create(value).getHost());
                }
            });
            calls.put(deployment.getMetadata().getName(), targets);
        }
        return calls;
    }

    /** Whether service {@code app} owns CloudNativePG cluster {@code cluster} (its database is bootstrapped there). */
    static boolean owns(String app, String cluster, Rendered rendered) {
        ServiceProperties properties = ServiceProperties.load(app);
        if (!properties.ownsDatasource()) {
            return false;
        }
        Optional<String> database = properties.databaseName();
        return rendered.databases().stream()
                .anyMatch(c -> c.name().equals(cluster) && database.isPresent() && database.get().equals(c.database()));
    }

    /** Whether some policy selecting {@code target} admits {@code source} (same namespace) on {@code port}. */
    static boolean admits(Rendered rendered, Pod source, Pod target, int port) {
        return rendered.all(NetworkPolicy.class).stream()
                .filter(p -> Pods.selects(p.getSpec().getPodSelector(), target.labels()))
                .flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() == null
                        && peer.getIpBlock() == null && Pods.selects(peer.getPodSelector(), source.labels()))
                        && (rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(p -> matches(p, port))));
    }

    static List<Pod> selected(NetworkPolicy policy, List<Pod> pods) {
        return pods.stream().filter(p -> Pods.selects(policy.getSpec().getPodSelector(), p.labels())).toList();
    }

    static boolean matches(NetworkPolicyPort port, Integer number) {
        IntOrString value = port.getPort();
        // The policies here use port numbers; a named port would need the target's container ports.
        return number != null && (value == null || Objects.equals(value.getIntVal(), number));
    }

    static String namespace(LabelSelector selector) {
        Map<String, String> labels = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
        return labels.getOrDefault("kubernetes.io/metadata.name", "<any namespace: " + selector + ">");
    }

    static boolean isEmpty(LabelSelector selector) {
        return selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }
}
