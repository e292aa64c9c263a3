package io.resellhub.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * The Secrets the manifests reference but do not create (the operators' aside) have a committed
 * example, with every key the pods read and nothing but placeholders.
 */
class ExampleSecretsTest {

    @Test
    void theExamplesParseAndHoldOnlyPlaceholders() {
        List<String> problems = new ArrayList<>();
        for (Path file : exampleFiles()) {
            Rendered example = Rendered.file(file);
            problems.addAll(example.problems);
            problems.addAll(OverlayManifestsTest.secretValueProblems(example));
        }
        Problems.assertNone(problems);
    }

    @Test
    void everySecretThePodsReadHasAnExampleWithItsKeys() {
        Map<String, Set<String>> examples = new TreeMap<>();
        for (Path file : exampleFiles()) {
            for (Secret secret : Rendered.file(file).all(Secret.class)) {
                Set<String> keys = new TreeSet<>();
                keys.addAll(Optional.ofNullable(secret.getStringData()).orElse(Map.of()).keySet());
                keys.addAll(Optional.ofNullable(secret.getData()).orElse(Map.of()).keySet());
                examples.put(secret.getMetadata().getName(), keys);
            }
        }
        Map<String, Set<String>> read = new TreeMap<>();
        for (String overlay : Project.overlays()) {
            Rendered rendered = Rendered.overlay(overlay);
            Set<String> generated = new TreeSet<>();
            rendered.databases().forEach(c -> generated.add(c.appSecret()));
            // Strimzi's User Operator creates each KafkaUser's Secret (same name).
            rendered.all(KafkaUser.class).forEach(u -> generated.add(u.getMetadata().getName()));
            for (Deployment deployment : rendered.all(Deployment.class)) {
                for (Container container : Pods.allContainers(deployment)) {
                    // envFrom a Secret with a prefix: the keys are the configuration keys under that prefix.
                    container.getEnvFrom().stream()
                            .filter(from -> from.getSecretRef() != null && from.getPrefix() != null)
                            .forEach(from -> {
                                Set<String> keys = read.computeIfAbsent(from.getSecretRef().getName(), n -> new TreeSet<>());
                                ServiceProperties.load(deployment.getMetadata().getName()).effective.keySet().stream()
                                        .map(PodEnvironment::environmentName)
                                        .filter(env -> env.startsWith(from.getPrefix()))
                                        .forEach(env -> keys.add(env.substring(from.getPrefix().length())));
                            });
                    container.getEnv().stream()
                            .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .map(e -> e.getValueFrom().getSecretKeyRef())
                            .filter(ref -> !generated.contains(ref.getName()))
                            .forEach(ref -> read.computeIfAbsent(ref.getName(), n -> new TreeSet<>()).add(ref.getKey()));
                }
                for (Volume volume : Pods.spec(deployment).getVolumes()) {
                    if (volume.getSecret() != null && !generated.contains(volume.getSecret().getSecretName())) {
                        Set<String> keys = read.computeIfAbsent(volume.getSecret().getSecretName(), n -> new TreeSet<>());
                        volume.getSecret().getItems().forEach(i -> keys.add(i.getKey()));
                    }
                }
            }
        }
        // Secrets the operators read for an optional component (the databases' backup credentials).
        for (String component : Project.components()) {
            for (CloudNativePg.Cluster cluster : Rendered.withComponent(component).databases()) {
                cluster.spec().path("backup").path("barmanObjectStore").path("s3Credentials").forEach(ref -> {
                    if (ref.hasNonNull("name") && ref.hasNonNull("key")) {
                        read.computeIfAbsent(ref.get("name").asText(), n -> new TreeSet<>()).add(ref.get("key").asText());
                    }
                });
            }
        }
        List<String> problems = new ArrayList<>();
        read.forEach((secret, keys) -> {
            Set<String> example = examples.get(secret);
            if (example == null) {
                problems.add("Secret " + secret + " is read by the pods but has no example in examples/");
            } else if (!example.containsAll(keys)) {
                Set<String> missing = new TreeSet<>(keys);
                missing.removeAll(example);
                problems.add("The example of Secret " + secret + " lacks key(s) " + missing);
            }
        });
        examples.keySet().stream().filter(name -> !read.containsKey(name))
                .forEach(name -> problems.add("examples/ defines Secret " + name + ", which no pod reads (stale?)"));
        Problems.assertNone(problems);
    }

    private static List<Path> exampleFiles() {
        Path dir = Project.manifestsDir().resolve("examples");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            if (yaml.isEmpty()) {
                throw new AssertionError("No example in " + dir);
            }
            return yaml;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
