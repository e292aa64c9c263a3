package io.resellhub.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** One rendered YAML stream: its documents, their typed objects, and what failed to parse. */
final class Rendered {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    final String source;
    final List<ObjectNode> documents;
    final List<Object> objects;
    final List<String> problems;

    private Rendered(String source, String yaml) {
        this.source = source;
        this.documents = new ArrayList<>();
        this.objects = new ArrayList<>();
        this.problems = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
                    continue;
                }
                if (!doc.isObject()) {
                    problems.add(source + ": a document that is not an object: " + doc);
                    continue;
                }
                documents.add((ObjectNode) doc);
                Object typed = StrictModel.parse((ObjectNode) doc, source, problems);
                if (typed != null) {
                    objects.add(typed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the YAML of " + source, e);
        }
    }

    /** overlays/{name} rendered by kubectl kustomize (once per test run). */
    static Rendered overlay(String name) {
        return CACHE.computeIfAbsent("overlays/" + name,
                key -> new Rendered(key, Kubectl.kustomize(Project.manifestsDir().resolve(key))));
    }

    /** A kustomization directory rendered by kubectl kustomize (once per test run). */
    static Rendered kustomization(Path dir) {
        return CACHE.computeIfAbsent(dir.toString(), key -> new Rendered(key, Kubectl.kustomize(dir)));
    }

    /** prod + the component, through a throwaway kustomization under target/ (kustomize wants relative paths). */
    static Rendered withComponent(String component) {
        return onProd(component, component, "");
    }

    /**
     * prod + {@code component} + {@code extra} (more kustomization lines, e.g. the patches an overlay would
     * add), rendered from target/kustomize-components/{@code name}.
     */
    static Rendered onProd(String name, String component, String extra) {
        Path manifests = Project.manifestsDir();
        Path dir = manifests.resolve("target/kustomize-components/" + name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"), String.join("\n",
                    "apiVersion: kustomize.config.k8s.io/v1beta1",
                    "kind: Kustomization",
                    "resources:",
                    "  - " + dir.relativize(manifests.resolve("overlays/prod")).toString().replace('\\', '/'),
                    "components:",
                    "  - " + dir.relativize(manifests.resolve("components/" + component)).toString().replace('\\', '/'),
                    extra));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kustomization(dir);
    }

    /** A copy of this stream with {@code change} applied to copies of its documents (tests of the checks). */
    Rendered changed(String source, Consumer<List<ObjectNode>> change) {
        List<ObjectNode> copies = new ArrayList<>(documents.stream().map(ObjectNode::deepCopy).toList());
        change.accept(copies);
        // JSON is YAML: one document per JSON object.
        return new Rendered(source, String.join("\n---\n", copies.stream().map(ObjectNode::toString).toList()));
    }

    /** A plain YAML file (no kustomize). */
    static Rendered file(Path file) {
        try {
            return new Rendered(Project.manifestsDir().relativize(file).toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T require(Class<T> type, String name) {
        return named(type, name).orElseThrow(() -> new AssertionError(
                source + ": no " + type.getSimpleName() + " named " + name + " (or it did not parse: " + problems + ")"));
    }

    Deployment deployment(String name) {
        return require(Deployment.class, name);
    }

    List<CloudNativePg.Cluster> databases() {
        return all(CloudNativePg.Cluster.class);
    }

    @Override
    public String toString() {
        return source;
    }
}
