package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * components/backup on top of prod: every CloudNativePG cluster archives to the object store (with
 * credentials from a Secret and a retention) and has a ScheduledBackup of its own.
 */
class BackupComponentTest {

    private final Rendered rendered = Rendered.withComponent("backup");

    @Test
    void everyDatabaseArchivesAndHasAScheduledBaseBackup() {
        Problems.assertNone(problems(rendered));
    }

    @Test
    void aCopyWithoutRetentionOrWithoutAScheduleFailsTheCheck() {
        Rendered broken = rendered.changed("broken copy: no retention, one schedule missing", documents -> {
            documents.stream().filter(d -> "Cluster".equals(d.path("kind").asText())
                    && "module-service-db".equals(d.at("/metadata/name").asText()))
                    .forEach(d -> ((ObjectNode) d.at("/spec/backup")).remove("retentionPolicy"));
            documents.removeIf(d -> "ScheduledBackup".equals(d.path("kind").asText())
                    && "tariff-service-db".equals(d.at("/spec/cluster/name").asText()));
        });
        List<String> problems = problems(broken);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("module-service-db: no backup.retentionPolicy")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("tariff-service-db: 0 ScheduledBackups")), problems.toString());
    }

    static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>(rendered.problems);
        List<CloudNativePg.ScheduledBackup> schedules = rendered.all(CloudNativePg.ScheduledBackup.class);
        for (CloudNativePg.Cluster cluster : rendered.databases()) {
            JsonNode backup = cluster.spec().path("backup");
            JsonNode store = backup.path("barmanObjectStore");
            if (store.path("destinationPath").asText("").isBlank()) {
                problems.add(cluster.name() + ": no backup.barmanObjectStore.destinationPath");
            }
            for (String key : List.of("accessKeyId", "secretAccessKey")) {
                JsonNode ref = store.path("s3Credentials").path(key);
                if (ref.path("name").asText("").isBlank() || ref.path("key").asText("").isBlank()) {
                    problems.add(cluster.name() + ": s3Credentials." + key + " must name a Secret and key");
                }
            }
            if (backup.path("retentionPolicy").isMissingNode()) {
                problems.add(cluster.name() + ": no backup.retentionPolicy; the bucket would grow forever");
            }
            List<CloudNativePg.ScheduledBackup> own = schedules.stream().filter(s -> cluster.name().equals(s.cluster())).toList();
            if (own.size() != 1) {
                problems.add(cluster.name() + ": " + own.size() + " ScheduledBackups, expected one");
            }
        }
        for (CloudNativePg.ScheduledBackup schedule : schedules) {
            String name = schedule.metadata().getName();
            if (rendered.databases().stream().noneMatch(c -> c.name().equals(schedule.cluster()))) {
                problems.add(name + ": backs up " + schedule.cluster() + ", which is no Cluster of the manifests");
            }
            // The operator's cron has six fields, seconds first: a five-field crontab would run at the wrong time.
            if (schedule.spec().path("schedule").asText("").trim().split("\\s+").length != 6) {
                problems.add(name + ": schedule must have six fields (seconds first), got " + schedule.spec().path("schedule"));
            }
            if (!"barmanObjectStore".equals(schedule.spec().path("method").asText())) {
                problems.add(name + ": method must be barmanObjectStore, what the clusters configure");
            }
        }
        if (schedules.isEmpty()) {
            problems.add("components/backup renders no ScheduledBackup");
        }
        return problems;
    }
}
