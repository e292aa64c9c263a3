package io.resellhub.commons.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.resellhub.commons.events.KafkaClientSecurity;
import io.smallrye.health.api.HealthGroup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Kafka's state for operators, apart from readiness and liveness ({@code /q/health/group/kafka}): a broker outage
 * must not take the service out of its Kubernetes Service, since the outbox holds the events until the broker is
 * back. Reports whether the brokers answer within two seconds, and the relay's role and backlog.
 */
@HealthGroup(KafkaHealthCheck.GROUP)
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    public static final String GROUP = "kafka";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final OutboxRelay relay;
    private Admin admin;

    public KafkaHealthCheck(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, OutboxRelay relay) {
        this.bootstrapServers = bootstrapServers;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka brokers (not part of readiness)")
                .withData("bootstrapServers", bootstrapServers)
                .withData("outboxRelayActive", relay.isActive())
                .withData("outboxBacklog", relay.backlog());
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis())).nodes()
                    .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return response.up().withData("brokers", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getCause() != null ? e.getCause() : e)).build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaClientSecurity.with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers, AdminClientConfig.CLIENT_ID_CONFIG, "health-check",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
