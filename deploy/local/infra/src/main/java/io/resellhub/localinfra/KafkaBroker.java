package io.resellhub.localinfra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A real Apache Kafka broker (the {@code kafka_2.13} jars) in KRaft mode, one node that is both broker and
 * controller, running in a child JVM and listening on 127.0.0.1.
 *
 * <p>The child's class path is the {@code kafka_2.13} runtime class path that the build of this module
 * wrote into {@value #CLASSPATH_RESOURCE}, so it works from the tests of any module and from the launcher.
 * The child runs {@link ParentWatchingMain}, so it exits when this JVM dies, even on {@code kill -9}.
 *
 * <p>Persistent ({@link Builder#dataDirectory}: storage is formatted on the first start and reused after)
 * or temporary ({@link #startTemporary()}: a temp directory deleted on {@link #close()}).
 */
public final class KafkaBroker implements AutoCloseable {

    /** Written at build time by {@code maven-dependency-plugin:build-classpath}. */
    public static final String CLASSPATH_RESOURCE = "META-INF/resellhub/kafka-classpath.txt";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 30;
    private static final Pattern KAFKA_JAR = Pattern.compile("kafka_2\\.13-(\\d[\\w.-]*)\\.jar");

    private final Process process;
    private final int port;
    private final int controllerPort;
    private final Path dataDirectory;
    private final Path logFile;
    private final Path temporaryRoot;
    private final ProcessWatchdog watchdog;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBroker(Process process, int port, int controllerPort, Path dataDirectory, Path logFile,
            Path temporaryRoot, ProcessWatchdog watchdog, Duration startupTime) {
        this.process = process;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.temporaryRoot = temporaryRoot;
        this.watchdog = watchdog;
        this.startupTime = startupTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a throw-away broker on free ports, in a temp directory that {@link #close()} deletes. */
    public static KafkaBroker startTemporary() {
        return builder().start();
    }

    /**
     * A handle on a broker that someone else in this JVM started (another class loader); {@link #close()}
     * does nothing.
     */
    static KafkaBroker attach(int port) {
        return new KafkaBroker(null, port, -1, null, null, null, null, Duration.ZERO);
    }

    /** The Kafka version on the child's class path (from the {@code kafka_2.13} jar's name), e.g. {@code 4.1.2}. */
    public static String kafkaVersion() {
        try {
            Matcher matcher = KAFKA_JAR.matcher(recordedClasspath());
            return matcher.find() ? matcher.group(1) : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The KRaft controller listener's port (-1 for an attached handle). */
    public int controllerPort() {
        return controllerPort;
    }

    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    /** The broker JVM's output (its log4j console output, and the storage formatting). */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    /** The broker JVM, for an owned broker. */
    public Optional<Process> process() {
        return Optional.ofNullable(process);
    }

    /** How long {@link Builder#start()} took, including formatting storage on a first start. */
    public Duration startupTime() {
        return startupTime;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(adminConfig(bootstrapServers()));
    }

    /**
     * Creates the topics among {@code names} that do not exist yet, with {@code partitions} partitions and
     * replication factor 1. Existing topics are left as they are.
     */
    public void createTopics(Collection<String> names, int partitions) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        names.forEach(name -> topics.put(name, partitions));
        createTopics(topics);
    }

    /**
     * Creates the topics among {@code partitionsByTopic}'s keys that do not exist yet, each with its number of
     * partitions and replication factor 1. Existing topics are left as they are.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        createTopics(partitionsByTopic, Map.of());
    }

    /**
     * Creates the topics among {@code partitionsByTopic}'s keys that do not exist yet, each with its number of
     * partitions, replication factor 1 and its entry of {@code configsByTopic} (e.g. {@code cleanup.policy});
     * an existing topic keeps its partitions but gets those configs set, so a data directory made before a
     * topic was compacted is brought in line.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic, Map<String, Map<String, String>> configsByTopic) {
        Collection<String> names = partitionsByTopic.keySet();
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> alterations = new LinkedHashMap<>();
            names.stream().filter(existing::contains).forEach(name -> {
                Map<String, String> configs = configsByTopic.getOrDefault(name, Map.of());
                if (!configs.isEmpty()) {
                    alterations.put(new ConfigResource(ConfigResource.Type.TOPIC, name), configs.entrySet().stream()
                            .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                            .toList());
                }
            });
            if (!alterations.isEmpty()) {
                admin.incrementalAlterConfigs(alterations).all().get(30, TimeUnit.SECONDS);
            }
            List<NewTopic> missing = names.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, partitionsByTopic.get(name), (short) 1)
                            .configs(configsByTopic.getOrDefault(name, Map.of())))
                    .collect(Collectors.toList());
            if (missing.isEmpty()) {
                return;
            }
            for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + names, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + names + " on " + bootstrapServers(), e);
        }
    }

    /** The names of all topics, internal ones excluded. */
    public Set<String> listTopics() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not list topics on " + bootstrapServers(), e);
        }
    }

    /** The value of {@code config} (e.g. {@code cleanup.policy}) of {@code topic} as the broker reports it. */
    public String topicConfig(String topic, String config) {
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            // A topic created a moment ago may not be known to every part of the broker yet.
            for (int attempt = 1; ; attempt++) {
                try {
                    return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                            .get(config).value();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 25) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not describe the configs of " + topic + " on " + bootstrapServers(), e);
        }
    }

    /** The number of partitions of {@code topic}. */
    public int partitionCount(String topic) {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            return description.partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not describe topic " + topic + " on " + bootstrapServers(), e);
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 30 s) and deletes a temporary data directory. */
    @Override
    public void close() {
        if (process == null || closed.getAndSet(true)) {
            return;
        }
        ChildProcesses.stop(process, STOP_TIMEOUT);
        watchdog.forget(process.pid());
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child is gone already
        }
        if (temporaryRoot != null) {
            deleteRecursively(temporaryRoot);
            watchdog.keep(temporaryRoot);
        }
    }

    @Override
    public String toString() {
        return "Kafka on " + bootstrapServers();
    }

    private static Map<String, Object> adminConfig(String bootstrapServers) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "resellhub-local-infra");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    private static String recordedClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing from the class path: build"
                        + " deploy/local/infra with Maven (it is generated at build time)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("[local-infra] could not delete " + root + ": " + e.getMessage());
        }
    }

    /** Settings for a broker; {@link #start()} starts it and waits until it answers. */
    public static final class Builder {

        private int port;
        private int controllerPort;
        private Path dataDirectory;
        private Path logFile;
        private String maxHeap = "512m";
        private Duration startupTimeout = Duration.ofSeconds(120);
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        /** The client (PLAINTEXT) port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /**
         * A persistent data directory (configuration, and the logs under {@code kraft/}): formatted on the
         * first start, reused after. Without one, a temp directory is used and deleted on close.
         */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Where the broker JVM writes its output (appended); defaults to {@code kafka.log} in the data dir. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** The broker JVM's {@code -Xmx}, e.g. {@code 512m}. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** An extra or overriding {@code server.properties} entry. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public KafkaBroker start() {
            Stopwatch stopwatch = Stopwatch.start();
            ProcessWatchdog watchdog = ProcessWatchdog.shared();
            boolean temporary = dataDirectory == null;
            try {
                Path temporaryRoot = temporary ? Files.createTempDirectory("resellhub-kafka-") : null;
                if (temporary) {
                    watchdog.deleteIfOrphaned(temporaryRoot);
                }
                Path data = temporary ? temporaryRoot : dataDirectory.toAbsolutePath();
                Path log = logFile != null ? logFile.toAbsolutePath() : data.resolve("kafka.log");
                Files.createDirectories(data);
                Files.createDirectories(log.getParent());
                int actualPort = port == 0 ? Ports.freePort() : port;
                int actualControllerPort = controllerPort == 0 ? freePortOtherThan(actualPort) : controllerPort;

                Path kraftDirectory = data.resolve("kraft");
                Path config = data.resolve("server.properties");
                Path log4jConfig = data.resolve("log4j2.properties");
                Files.writeString(config, serverProperties(actualPort, actualControllerPort, kraftDirectory));
                Files.writeString(log4jConfig, LOG4J_CONFIG);
                String classpath = childClasspath(data);

                if (!Files.exists(kraftDirectory.resolve("meta.properties"))) {
                    format(classpath, config, log4jConfig, log);
                }
                Process process = launch(classpath, config, log4jConfig, log);
                watchdog.watch(process.pid(), "TERM");
                try {
                    awaitReady(process, actualPort, log);
                } catch (RuntimeException e) {
                    ChildProcesses.stop(process, STOP_TIMEOUT);
                    watchdog.forget(process.pid());
                    if (temporaryRoot != null) {
                        deleteRecursively(temporaryRoot);
                        watchdog.keep(temporaryRoot);
                    }
                    throw e;
                }
                return new KafkaBroker(process, actualPort, actualControllerPort, data, log, temporaryRoot,
                        watchdog, stopwatch.elapsed());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not prepare the Kafka directories", e);
            }
        }

        private String serverProperties(int clientPort, int controllerPort, Path kraftDirectory) {
            String listener = "PLAINTEXT://" + Ports.LOOPBACK + ":" + clientPort;
            String controller = "CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort;
            Map<String, String> config = new LinkedHashMap<>();
            config.put("process.roles", "broker,controller");
            config.put("node.id", "1");
            config.put("controller.quorum.bootstrap.servers", Ports.LOOPBACK + ":" + controllerPort);
            config.put("listeners", listener + "," + controller);
            config.put("advertised.listeners", listener + "," + controller);
            config.put("controller.listener.names", "CONTROLLER");
            config.put("inter.broker.listener.name", "PLAINTEXT");
            config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            config.put("log.dirs", kraftDirectory.toString());
            config.put("num.partitions", "1");
            config.put("default.replication.factor", "1");
            config.put("min.insync.replicas", "1");
            config.put("offsets.topic.replication.factor", "1");
            config.put("offsets.topic.num.partitions", "10");
            config.put("transaction.state.log.replication.factor", "1");
            config.put("transaction.state.log.min.isr", "1");
            config.put("transaction.state.log.num.partitions", "10");
            config.put("share.coordinator.state.topic.replication.factor", "1");
            config.put("share.coordinator.state.topic.min.isr", "1");
            config.put("group.initial.rebalance.delay.ms", "0");
            config.put("num.network.threads", "2");
            config.put("num.io.threads", "4");
            config.put("num.recovery.threads.per.data.dir", "1");
            // The log cleaner's dedupe buffer defaults to 128 MiB of heap; compacted topics here are tiny.
            config.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
            config.putAll(properties);
            StringBuilder text = new StringBuilder("# Written by io.resellhub.localinfra.KafkaBroker on every start\n");
            config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            return text.toString();
        }

        private List<String> javaCommand(String classpath, Path log4jConfig) {
            List<String> command = new ArrayList<>();
            command.add(ChildProcesses.javaExecutable());
            command.add("-Xmx" + maxHeap);
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-Djava.awt.headless=true");
            command.add("-Dlog4j2.configurationFile=" + log4jConfig);
            command.add("-cp");
            command.add(classpath);
            return command;
        }

        private void format(String classpath, Path config, Path log4jConfig, Path log) throws IOException {
            List<String> command = javaCommand(classpath, log4jConfig);
            command.addAll(List.of("kafka.tools.StorageTool", "format",
                    "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone"));
            Process format = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            try {
                if (!format.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    format.destroyForcibly();
                    throw new IllegalStateException("Formatting Kafka storage took longer than " + FORMAT_TIMEOUT
                            + ". Last lines of " + log + ":" + System.lineSeparator()
                            + LogFiles.tailBlock(log, LOG_TAIL_LINES));
                }
            } catch (InterruptedException e) {
                format.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while formatting Kafka storage", e);
            }
            if (format.exitValue() != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed with exit code " + format.exitValue()
                        + ". Last lines of " + log + ":" + System.lineSeparator()
                        + LogFiles.tailBlock(log, LOG_TAIL_LINES));
            }
        }

        private Process launch(String classpath, Path config, Path log4jConfig, Path log) throws IOException {
            List<String> command = new ArrayList<>(ChildProcesses.ownSession());
            command.addAll(javaCommand(classpath, log4jConfig));
            command.addAll(List.of(ParentWatchingMain.class.getName(), "kafka.Kafka", config.toString()));
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        }

        private void awaitReady(Process process, int port, Path log) {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            String bootstrapServers = Ports.LOOPBACK + ":" + port;
            Admin admin = null;
            Exception lastFailure = null;
            try {
                while (System.nanoTime() < deadline) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("The Kafka broker exited with code " + process.exitValue()
                                + " while starting. Last lines of " + log + ":" + System.lineSeparator()
                                + LogFiles.tailBlock(log, LOG_TAIL_LINES));
                    }
                    if (Ports.isListening(port)) {
                        if (admin == null) {
                            admin = Admin.create(adminConfig(bootstrapServers));
                        }
                        try {
                            if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                                return;
                            }
                        } catch (ExecutionException | TimeoutException e) {
                            lastFailure = e;
                        }
                    }
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka", e);
            } finally {
                if (admin != null) {
                    admin.close(Duration.ofSeconds(5));
                }
            }
            throw new IllegalStateException("The Kafka broker did not become ready on " + bootstrapServers
                    + " within " + startupTimeout.toSeconds() + " s"
                    + (lastFailure != null ? " (last error: " + lastFailure + ")" : "")
                    + ". Last lines of " + log + ":" + System.lineSeparator()
                    + LogFiles.tailBlock(log, LOG_TAIL_LINES), lastFailure);
        }

        private static int freePortOtherThan(int taken) {
            int candidate = Ports.freePort();
            while (candidate == taken) {
                candidate = Ports.freePort();
            }
            return candidate;
        }

        /**
         * The build-time Kafka class path, plus a directory holding a copy of {@link ParentWatchingMain}: that
         * way the child never depends on how this library's own classes were loaded (a jar, a directory,
         * a Quarkus class loader).
         */
        private static String childClasspath(Path data) throws IOException {
            ClassLoader loader = KafkaBroker.class.getClassLoader();
            String recorded = recordedClasspath();
            List<String> missing = new ArrayList<>();
            for (String entry : recorded.split(File.pathSeparator)) {
                if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                    missing.add(entry);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("The Kafka class path recorded at build time names missing files,"
                        + " e.g. " + missing.get(0) + " (" + missing.size() + " missing): rebuild deploy/local/infra"
                        + " on this machine (./mvnw -pl deploy/local/infra install)");
            }
            Path bootstrap = data.resolve("bootstrap-classes");
            String resource = ParentWatchingMain.class.getName().replace('.', '/') + ".class";
            Path target = bootstrap.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Cannot read " + resource + " from the class path");
                }
                Files.write(target, in.readAllBytes());
            }
            return bootstrap + File.pathSeparator + recorded;
        }
    }

    private static final String LOG4J_CONFIG = """
            # Written by io.resellhub.localinfra.KafkaBroker on every start
            status = warn
            appender.console.type = Console
            appender.console.name = STDOUT
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = INFO
            rootLogger.appenderRef.stdout.ref = STDOUT
            logger.request.name = kafka.request.logger
            logger.request.level = WARN
            logger.state.name = state.change.logger
            logger.state.level = WARN
            """;
}
