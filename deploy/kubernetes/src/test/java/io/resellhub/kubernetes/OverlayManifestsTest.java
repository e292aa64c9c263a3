package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

/** What must hold for every overlay: objects parse strictly, pods are hardened, probed and bounded. */
class OverlayManifestsTest {

    /** `<what goes here>`: the only form a committed secret value may take. */
    static final Pattern PLACEHOLDER = Pattern.compile("<[^<>\\n]+>");

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=|://[^/@\\s]+:[^/@\\s]+@)");
    /** registry/group/name, then a tag, a digest or both (name:tag@sha256:...). */
    private static final Pattern QUALIFIED_IMAGE = Pattern.compile("(?<registry>[a-z0-9.-]+(:\\d+)?)/(?<path>[a-z0-9._/-]+)"
            + "/(?<name>[a-z0-9._-]+)(:(?<tag>[A-Za-z0-9._-]+))?(@(?<digest>sha256:[a-f0-9]{64}))?");

    /** The overlay for development clusters; every other overlay is treated as production. */
    static final String DEV_OVERLAY = "dev";

    static List<String> overlays() {
        return Project.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectParsesStrictlyAgainstItsModel(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertFalse(rendered.documents.isEmpty(), overlay + " renders nothing");
        Problems.assertNone(rendered.problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceHasItsObjects(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (String service : Project.SERVICES) {
            for (Class<? extends HasMetadata> kind : List.of(Deployment.class, Service.class, ServiceAccount.class)) {
                if (rendered.named(kind, service).isEmpty()) {
                    problems.add(overlay + ": no " + kind.getSimpleName() + " " + service);
                }
            }
        }
        Set<String> namespaces = new HashSet<>();
        for (Object object : rendered.objects) {
            if (object instanceof HasMetadata resource && !(object instanceof Namespace)) {
                namespaces.add(String.valueOf(resource.getMetadata().getNamespace()));
            } else if (object instanceof CloudNativePg.Cluster cluster) {
                namespaces.add(String.valueOf(cluster.metadata().getNamespace()));
            }
        }
        if (namespaces.size() != 1 || namespaces.contains("null")) {
            problems.add(overlay + ": every object belongs in the overlay's one namespace, found " + namespaces);
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerHasProbesLimitsAndANonRootReadOnlySecurityContext(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = Pods.spec(deployment);
            PodSecurityContext podSecurity = pod.getSecurityContext();
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                problems.add(name + ": automountServiceAccountToken must be false (the services never call the API server)");
            }
            if (podSecurity == null || podSecurity.getSeccompProfile() == null
                    || !"RuntimeDefault".equals(podSecurity.getSeccompProfile().getType())) {
                problems.add(name + ": pod securityContext.seccompProfile must be RuntimeDefault");
            }
            for (Container container : Pods.allContainers(deployment)) {
                String where = name + "/" + container.getName();
                probe(where, "startupProbe", container.getStartupProbe(), "/q/health/started", container, problems);
                probe(where, "readinessProbe", container.getReadinessProbe(), "/q/health/ready", container, problems);
                probe(where, "livenessProbe", container.getLivenessProbe(), "/q/health/live", container, problems);
                resources(where, container.getResources(), problems);
                security(where, podSecurity, container.getSecurityContext(), problems);
                if (container.getSecurityContext() != null
                        && Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem())
                        && container.getVolumeMounts().stream().noneMatch(m -> "/tmp".equals(m.getMountPath()))) {
                    problems.add(where + ": a read-only root filesystem needs a writable /tmp (emptyDir) for Quarkus");
                }
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shutdownIsGraceful(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Container container = Pods.main(deployment);
            long grace = Optional.ofNullable(Pods.spec(deployment).getTerminationGracePeriodSeconds()).orElse(30L);
            long preStop = 0;
            if (container.getLifecycle() == null || container.getLifecycle().getPreStop() == null) {
                problems.add(name + ": needs a preStop hook so endpoints drain before Quarkus stops");
            } else if (container.getLifecycle().getPreStop().getExec() != null) {
                List<String> command = container.getLifecycle().getPreStop().getExec().getCommand();
                if (command.size() == 2 && "sleep".equals(command.get(0))) {
                    preStop = Long.parseLong(command.get(1));
                }
            }
            Map<String, PodEnvironment.Source> env = PodEnvironment.of(container, rendered, problems);
            String timeout = PodEnvironment.value(env.get("QUARKUS_SHUTDOWN_TIMEOUT"));
            if (timeout == null) {
                problems.add(name + ": QUARKUS_SHUTDOWN_TIMEOUT must be set, or Quarkus drops in-flight requests on SIGTERM");
                continue;
            }
            long shutdown;
            try {
                // Quarkus durations: a number of seconds, or the ISO-8601 time part without PT (30s, 1m30s).
                shutdown = timeout.matches("\\d+") ? Long.parseLong(timeout)
                        : Duration.parse("PT" + timeout.toUpperCase()).toSeconds();
            } catch (RuntimeException e) {
                problems.add(name + ": QUARKUS_SHUTDOWN_TIMEOUT=" + timeout + " is not a duration Quarkus reads");
                continue;
            }
            if (preStop + shutdown >= grace) {
                problems.add(name + ": preStop " + preStop + " s + shutdown timeout " + shutdown
                        + " s must stay below terminationGracePeriodSeconds " + grace);
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesComeFromAConfigurableRegistryWithAPinnedTag(String overlay) {
        Problems.assertNone(imageProblems(Rendered.overlay(overlay), !DEV_OVERLAY.equals(overlay)));
    }

    static List<String> imageProblems(Rendered rendered, boolean production) {
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            problems.addAll(imageProblems(deployment.getMetadata().getName(), Pods.main(deployment).getImage(), production));
        }
        return problems;
    }

    @Test
    void aCopyOfProdWithASnapshotImageFailsAndOneWithADigestPasses() {
        Rendered prod = Rendered.overlay("prod");
        Rendered snapshot = prod.changed("broken copy: module-service on a SNAPSHOT", documents ->
                image(documents, "module-service", "registry.example.com/resellhub/module-service:1.0.1-SNAPSHOT"));
        List<String> problems = imageProblems(snapshot, true);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("SNAPSHOT"), problems.toString());

        Rendered digest = prod.changed("copy: module-service by digest", documents -> image(documents, "module-service",
                "registry.example.com/resellhub/module-service@sha256:" + "0123456789abcdef".repeat(4)));
        assertEquals(List.of(), imageProblems(digest, true));
    }

    private static void image(List<ObjectNode> documents, String deployment, String image) {
        documents.stream()
                .filter(d -> "Deployment".equals(d.path("kind").asText()) && deployment.equals(d.at("/metadata/name").asText()))
                .forEach(d -> ((ObjectNode) d.at("/spec/template/spec/containers/0"))
                        .put("image", image));
    }

    /**
     * An image is registry/group/name with a tag or a digest, never `latest`; in production a digest or a
     * release tag: a SNAPSHOT tag is rebuilt under the same name, so two pods of one rollout could differ.
     */
    static List<String> imageProblems(String name, String image, boolean production) {
        var matcher = QUALIFIED_IMAGE.matcher(image);
        if (!matcher.matches() || (matcher.group("tag") == null && matcher.group("digest") == null)) {
            return List.of(name + ": image " + image + " must be <registry>/<group>/" + name
                    + ":<tag> or @sha256:<digest> (set it with `images:` in the overlay)");
        }
        String tag = matcher.group("tag");
        if (!name.equals(matcher.group("name"))) {
            return List.of(name + ": image " + image + " is not the " + name + " image");
        }
        if ("latest".equals(tag)) {
            return List.of(name + ": image " + image + " uses the moving tag latest");
        }
        if (production && matcher.group("digest") == null && tag.toUpperCase(Locale.ROOT).contains("SNAPSHOT")) {
            return List.of(name + ": image " + image + " is a SNAPSHOT; production pins a release tag or a digest");
        }
        return List.of();
    }

    @Test
    void theImageCheckAcceptsDigestsAndRefusesSnapshotsInProduction() {
        String digest = "@sha256:" + "0123456789abcdef".repeat(4);
        assertEquals(List.of(), imageProblems("gateway", "registry.example.com/resellhub/gateway:1.0.0", true));
        assertEquals(List.of(), imageProblems("gateway", "registry.example.com/resellhub/gateway" + digest, true));
        assertEquals(List.of(), imageProblems("gateway", "registry.example.com/resellhub/gateway:1.0.0" + digest, true));
        assertEquals(List.of(), imageProblems("gateway", "registry.example.com/resellhub/gateway:1.0.0-SNAPSHOT", false));
        assertEquals(1, imageProblems("gateway", "registry.example.com/resellhub/gateway:1.0.0-SNAPSHOT", true).size());
        assertEquals(1, imageProblems("gateway", "registry.example.com/resellhub/gateway:latest", false).size());
        assertEquals(1, imageProblems("gateway", "resellhub/gateway:1.0.0", true).size());
        assertEquals(1, imageProblems("gateway", "registry.example.com/resellhub/gateway@sha256:short", true).size());
    }

    /** CloudNativePG's budget for a single instance allows no eviction: it would block every node drain. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void aSingleInstanceDatabaseHasNoDisruptionBudget(String overlay) {
        Problems.assertNone(singleInstanceBudgetProblems(Rendered.overlay(overlay)));
    }

    @Test
    void aDevCopyWhoseSingleInstanceDatabaseKeepsItsBudgetFailsTheCheck() {
        Rendered broken = Rendered.overlay(DEV_OVERLAY).changed("broken copy: enablePDB left out", documents ->
                documents.stream().filter(d -> "Cluster".equals(d.path("kind").asText())
                        && "reselling-service-db".equals(d.at("/metadata/name").asText()))
                        .forEach(d -> ((ObjectNode) d.get("spec")).remove("enablePDB")));
        List<String> problems = singleInstanceBudgetProblems(broken);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("reselling-service-db"), problems.toString());
    }

    static List<String> singleInstanceBudgetProblems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (CloudNativePg.Cluster cluster : rendered.databases()) {
            if (cluster.instances() == 1 && cluster.spec().path("enablePDB").asBoolean(true)) {
                problems.add(rendered + ": " + cluster.name() + " runs one instance and needs enablePDB: false,"
                        + " or its PodDisruptionBudget blocks node drains");
            }
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void noSecretHoldsARealValue(String overlay) {
        Problems.assertNone(secretValueProblems(Rendered.overlay(overlay)));
    }

    /** Secrets hold only placeholders; ConfigMaps hold nothing that looks like a credential. */
    static List<String> secretValueProblems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (Secret secret : rendered.all(Secret.class)) {
            String name = secret.getMetadata().getName();
            Optional.ofNullable(secret.getStringData()).orElse(Map.of()).forEach((key, value) -> {
                if (!PLACEHOLDER.matcher(value.strip()).matches()) {
                    problems.add(rendered + ": Secret " + name + " key " + key + " holds a value; commit only <placeholders>");
                }
            });
            Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((key, value) -> {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    decoded = value;
                }
                if (!PLACEHOLDER.matcher(decoded.strip()).matches()) {
                    problems.add(rendered + ": Secret " + name + " key " + key + " holds a value; commit only <placeholders>");
                }
            });
        }
        for (ConfigMap map : rendered.all(ConfigMap.class)) {
            Optional.ofNullable(map.getData()).orElse(Map.of()).forEach((key, value) -> {
                if (ConfigurationComparison.SECRET_NAME.matcher(key).matches() || PRIVATE_KEY.matcher(value).find()
                        || PASSWORD_IN_URL.matcher(value).find()) {
                    problems.add(rendered + ": ConfigMap " + map.getMetadata().getName() + " key " + key
                            + " looks like a credential; it belongs in a Secret");
                }
            });
        }
        for (Deployment deployment : rendered.all(Deployment.class)) {
            for (Container container : Pods.allContainers(deployment)) {
                container.getEnv().stream()
                        .filter(e -> e.getValue() != null)
                        .filter(e -> ConfigurationComparison.SECRET_NAME.matcher(e.getName()).matches()
                                || PRIVATE_KEY.matcher(e.getValue()).find() || PASSWORD_IN_URL.matcher(e.getValue()).find())
                        .forEach(e -> problems.add(rendered + ": " + deployment.getMetadata().getName() + " sets "
                                + e.getName() + " to a literal; credentials come from Secrets"));
            }
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesRouteToTheirPodsPorts(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Service service : rendered.all(Service.class)) {
            String name = service.getMetadata().getName();
            List<Deployment> targets = rendered.all(Deployment.class).stream()
                    .filter(d -> Pods.selects(service.getSpec().getSelector(), Pods.labels(d)))
                    .toList();
            if (targets.size() != 1) {
                problems.add("Service " + name + " selects " + targets.size() + " Deployments, expected exactly one");
                continue;
            }
            Container container = Pods.main(targets.get(0));
            for (ServicePort port : service.getSpec().getPorts()) {
                if (Pods.port(container, port.getTargetPort()).isEmpty()) {
                    problems.add("Service " + name + " port " + port.getName() + " targets " + port.getTargetPort()
                            + ", which " + container.getName() + " does not expose");
                }
            }
            String type = Objects.requireNonNullElse(service.getSpec().getType(), "ClusterIP");
            if (!"ClusterIP".equals(type)) {
                problems.add("Service " + name + " is " + type + "; only the gateway's Ingress is reachable from outside");
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheGatewayHasAnIngressAndItHidesTheManagementEndpoints(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        List<Ingress> ingresses = rendered.all(Ingress.class);
        if (ingresses.isEmpty()) {
            problems.add(overlay + ": the gateway needs an Ingress");
        }
        for (Ingress ingress : ingresses) {
            if (ingress.getSpec().getDefaultBackend() != null) {
                problems.add("Ingress " + ingress.getMetadata().getName() + ": no defaultBackend, route paths explicitly");
            }
            for (IngressRule rule : ingress.getSpec().getRules()) {
                if (rule.getHost() == null || rule.getHost().isBlank()) {
                    problems.add("Ingress " + ingress.getMetadata().getName() + ": every rule needs a host");
                }
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    String backend = path.getBackend().getService().getName();
                    if (!Project.GATEWAY.equals(backend)) {
                        problems.add("Ingress " + ingress.getMetadata().getName() + " routes " + path.getPath()
                                + " to " + backend + "; only the gateway is public");
                    }
                    if ("/".equals(path.getPath()) || path.getPath().startsWith("/q/health")
                            || path.getPath().startsWith("/q/metrics") || "/q".equals(path.getPath())) {
                        problems.add("Ingress " + ingress.getMetadata().getName() + " exposes " + path.getPath()
                                + "; health and metrics stay inside the cluster");
                    }
                    Service service = rendered.named(Service.class, backend).orElse(null);
                    if (service == null || service.getSpec().getPorts().stream().noneMatch(p ->
                            Objects.equals(p.getName(), path.getBackend().getService().getPort().getName())
                                    || Objects.equals(p.getPort(), path.getBackend().getService().getPort().getNumber()))) {
                        problems.add("Ingress path " + path.getPath() + " points at a Service port that does not exist");
                    }
                }
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void prometheusScrapesEveryServiceByAnnotation(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Map<String, String> annotations = Optional.ofNullable(
                    deployment.getSpec().getTemplate().getMetadata().getAnnotations()).orElse(Map.of());
            // Metrics are served on the management port only.
            Integer port = Pods.managementPort(Pods.main(deployment)).map(ContainerPort::getContainerPort).orElse(null);
            if (port == null || !"true".equals(annotations.get("prometheus.io/scrape"))
                    || !"/q/metrics".equals(annotations.get("prometheus.io/path"))
                    || !String.valueOf(port).equals(annotations.get("prometheus.io/port"))) {
                problems.add(name + ": pod template needs prometheus.io/scrape=true, path=/q/metrics, port=" + port
                        + ", has " + annotations);
            }
        }
        Problems.assertNone(problems);
    }

    private static void probe(String where, String kind, Probe probe, String path, Container container,
            List<String> problems) {
        if (probe == null) {
            problems.add(where + ": " + kind + " is missing");
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null || !path.equals(get.getPath())) {
            problems.add(where + ": " + kind + " must GET " + path);
            return;
        }
        Optional<ContainerPort> port = Pods.port(container, get.getPort());
        if (port.isEmpty()) {
            problems.add(where + ": " + kind + " port " + get.getPort() + " is not a port of the container");
        } else if (!port.equals(Pods.managementPort(container))) {
            problems.add(where + ": " + kind + " must use the management port (named `management`), not "
                    + port.get().getName() + ": health is not on the API port");
        }
    }

    private static void resources(String where, ResourceRequirements resources, List<String> problems) {
        if (resources == null) {
            problems.add(where + ": resources are missing");
            return;
        }
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = resources.getRequests() == null ? null : resources.getRequests().get(resource);
            Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get(resource);
            if (request == null || limit == null) {
                problems.add(where + ": needs both a " + resource + " request and a " + resource + " limit");
            } else if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                problems.add(where + ": " + resource + " request " + request + " exceeds its limit " + limit);
            }
        }
    }

    private static void security(String where, PodSecurityContext pod, SecurityContext container, List<String> problems) {
        boolean nonRoot = (container != null && Boolean.TRUE.equals(container.getRunAsNonRoot()))
                || (pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot())
                        && (container == null || container.getRunAsNonRoot() == null));
        Long user = container != null && container.getRunAsUser() != null ? container.getRunAsUser()
                : pod != null ? pod.getRunAsUser() : null;
        if (!nonRoot || (user != null && user == 0L)) {
            problems.add(where + ": must run as non-root (runAsNonRoot: true, runAsUser not 0)");
        }
        if (container == null) {
            problems.add(where + ": container securityContext is missing");
            return;
        }
        if (!Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
            problems.add(where + ": allowPrivilegeEscalation must be false");
        }
        if (!Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            problems.add(where + ": readOnlyRootFilesystem must be true");
        }
        if (Boolean.TRUE.equals(container.getPrivileged())) {
            problems.add(where + ": must not be privileged");
        }
        Capabilities capabilities = container.getCapabilities();
        if (capabilities == null || !capabilities.getDrop().contains("ALL") || !capabilities.getAdd().isEmpty()) {
            problems.add(where + ": capabilities must drop ALL and add none");
        }
    }

    /** The volume a container mounts at a path's directory (for mounted key files). */
    static Optional<Volume> volumeFor(Deployment deployment, Container container, String file) {
        return container.getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath().endsWith("/") ? m.getMountPath() : m.getMountPath() + "/"))
                .findFirst()
                .flatMap(m -> Pods.spec(deployment).getVolumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst());
    }
}
