package io.resellhub.launcher;

/**
 * One service JVM of the stack: a {@link Service} and its replica number. Each service runs
 * {@link LocalStackConfig#replicas(Service)} times (the gateway once); replica {@code i > 1} of module-service is
 * named {@code module-service-i} (its log is {@code module-service-i.log}) and listens on
 * {@code MODULE_SERVICE_PORT + 100 * (i - 1)} (its management interface on
 * {@code MODULE_SERVICE_MANAGEMENT_PORT + 100 * (i - 1)}), and likewise for the other services.
 */
public record ServiceInstance(Service service, int replica) {

    /** How far apart the HTTP ports of a service's replicas are. */
    public static final int REPLICA_PORT_STEP = 100;

    public ServiceInstance {
        if (service == null) {
            throw new IllegalArgumentException("service must not be null");
        }
        if (replica < 1) {
            throw new IllegalArgumentException("replica numbers start at 1, not " + replica);
        }
    }

    /** The only (or first) JVM of {@code service}. */
    public static ServiceInstance first(Service service) {
        return new ServiceInstance(service, 1);
    }

    /** {@code module-service} for the first replica, {@code module-service-2} for the second: logs and messages. */
    public String name() {
        return replica == 1 ? service.id() : service.id() + "-" + replica;
    }

    /** The HTTP port: the service's own port for replica 1, {@link #REPLICA_PORT_STEP} further per replica. */
    public int port(StackPorts ports) {
        return ports.of(service) + REPLICA_PORT_STEP * (replica - 1);
    }

    /**
     * The management port (health and metrics): the service's own for replica 1, {@link #REPLICA_PORT_STEP}
     * further per replica.
     */
    public int managementPort(StackPorts ports) {
        return ports.managementOf(service) + REPLICA_PORT_STEP * (replica - 1);
    }

    @Override
    public String toString() {
        return name();
    }
}
