package io.resellhub.launcher;

/**
 * The launcher's settings: environment variables with defaults, listed by {@code --help}. None of them is
 * passed on to the children, which get exactly the variables the launcher composes for them.
 */
public enum Setting {

    LOCAL_DIR("<root>/.local", "Where data, logs, keys and tokens are kept"),
    LOCAL_PG_PORT("15432", "PostgreSQL port"),
    LOCAL_KAFKA_PORT("19092", "Kafka client port"),
    LOCAL_KAFKA_CONTROLLER_PORT("19093", "Kafka KRaft controller port"),
    SIMULATOR_PORT("8090", "BILLmanager simulator port"),
    GATEWAY_PORT("8080", "gateway port"),
    MODULE_SERVICE_PORT("8081", "module-service port"),
    TARIFF_SERVICE_PORT("8082", "tariff-service port"),
    RESELLING_SERVICE_PORT("8083", "reselling-service port"),
    GATEWAY_MANAGEMENT_PORT("9000", "gateway management port (/q/health, /q/metrics)"),
    MODULE_SERVICE_MANAGEMENT_PORT("9001", "module-service management port (/q/health, /q/metrics)"),
    TARIFF_SERVICE_MANAGEMENT_PORT("9002", "tariff-service management port (/q/health, /q/metrics)"),
    RESELLING_SERVICE_MANAGEMENT_PORT("9003", "reselling-service management port (/q/health, /q/metrics)"),
    LOCAL_SERVICES("module-service,tariff-service,reselling-service,gateway",
            "Services to start, comma-separated ('none': infrastructure and simulator only)"),
    LOCAL_MODULE_SERVICE_REPLICAS("1", "module-service JVMs to start (1-4), sharing its database and Kafka consumer"
            + " group; replica i listens on MODULE_SERVICE_PORT + 100*(i-1) (8181, 8281, ...), its management"
            + " interface on MODULE_SERVICE_MANAGEMENT_PORT + 100*(i-1) (9101, 9201, ...), and logs to"
            + " module-service-i.log. The gateway calls them in turn, tariff-service calls the first"),
    LOCAL_TARIFF_SERVICE_REPLICAS("1", "tariff-service JVMs to start (1-4), as LOCAL_MODULE_SERVICE_REPLICAS"
            + " (TARIFF_SERVICE_PORT and TARIFF_SERVICE_MANAGEMENT_PORT + 100*(i-1), tariff-service-i.log);"
            + " the gateway calls them in turn"),
    LOCAL_RESELLING_SERVICE_REPLICAS("1", "reselling-service JVMs to start (1-4), as LOCAL_MODULE_SERVICE_REPLICAS"
            + " (RESELLING_SERVICE_PORT and RESELLING_SERVICE_MANAGEMENT_PORT + 100*(i-1), reselling-service-i.log);"
            + " the gateway calls them in turn"),
    LOCAL_SERVICE_XMX("256m", "Heap (-Xmx) of each service JVM"),
    LOCAL_SERVICE_JVM_OPTIONS("-XX:TieredStopAtLevel=1", "Further options of each service JVM, space-separated. The"
            + " default (C1 compiler only, as Quarkus dev mode) keeps four JVMs' C2 compiler threads from starving"
            + " the work on a small machine; set it to -XX:TieredStopAtLevel=4 for full C2 peak speed"),
    LOCAL_KAFKA_XMX("512m", "Heap (-Xmx) of the Kafka broker JVM"),
    LOCAL_SIMULATOR_XMX("128m", "Heap (-Xmx) of the simulator JVM"),
    SIMULATOR_JAR("", "The simulator jar (default: from the class path, else deploy/billmanager-simulator/target)"),
    SIMULATOR_PLANS("200", "Number of tariff plans the simulator offers"),
    SIMULATOR_SEED("42", "Random seed of the simulator's catalog"),
    SIMULATOR_USERNAME("demo", "Demo account of the simulator"),
    SIMULATOR_PASSWORD("demo-password", "Password of the demo account"),
    SIMULATOR_BALANCE("1000.00", "Balance of the demo account"),
    SIMULATOR_CURRENCY("USD", "Currency of the demo account"),
    LOCAL_READY_TIMEOUT("180", "Seconds each service may take to become ready"),
    LOCAL_STOP_TIMEOUT("20", "Seconds a child gets after SIGTERM before it is killed"),
    LOCAL_JWT_ISSUER("resellhub", "Issuer (iss) of the tokens, and JWT_ISSUER of the gateway"),
    LOCAL_TOKEN_TTL_HOURS("24", "Validity of the admin and viewer tokens written at start"),
    LOCAL_CREDENTIALS_KEY_ID("local-1", "CREDENTIALS_KEY_ID of module-service");

    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
