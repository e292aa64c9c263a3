package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** Development stays small: one of everything. */
class DevOverlayTest {

    private final Rendered dev = Rendered.overlay("dev");

    @Test
    void oneReplicaOfEverything() {
        List<String> problems = new ArrayList<>();
        for (String service : Project.SERVICES) {
            Integer replicas = dev.deployment(service).getSpec().getReplicas();
            if (replicas == null || replicas != 1) {
                problems.add(service + ": replicas " + replicas + ", dev runs exactly 1");
            }
        }
        dev.databases().stream().filter(c -> c.instances() != 1)
                .forEach(c -> problems.add(c.name() + ": " + c.instances() + " instances, dev runs 1"));
        if (!dev.all(HorizontalPodAutoscaler.class).isEmpty()) {
            problems.add("dev has a HorizontalPodAutoscaler");
        }
        if (!dev.all(PodDisruptionBudget.class).isEmpty()) {
            problems.add("dev has PodDisruptionBudgets, which would block draining single-replica services");
        }
        Problems.assertNone(problems);
    }
}
