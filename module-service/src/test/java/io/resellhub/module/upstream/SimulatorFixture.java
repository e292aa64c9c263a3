package io.resellhub.module.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import io.resellhub.simulator.BillmanagerSimulator;
import io.resellhub.simulator.SimulatorConfig;

/** A fresh simulator and a client pointed at it, for one test. */
final class SimulatorFixture implements AutoCloseable {

    static {
        // The JDK HTTP server behind the simulator sends headers and body in separate packets; without
        // TCP_NODELAY every small answer waits ~40 ms for a delayed ACK. Read once, when the server class loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One way of talking to the upstream: output format, list shape, authentication. */
    record Variant(UpstreamConfig.OutputFormat format, boolean singleAsObject, UpstreamConfig.AuthMode auth) {

        @Override
        public String toString() {
            return format.code() + ", " + (singleAsObject ? "single element as object" : "arrays") + ", "
                    + auth.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every format × both list shapes × both authentication modes. */
    static List<Variant> allVariants() {
        List<Variant> variants = new ArrayList<>();
        for (UpstreamConfig.OutputFormat format : UpstreamConfig.OutputFormat.values()) {
            for (boolean single : new boolean[] {false, true}) {
                for (UpstreamConfig.AuthMode auth : UpstreamConfig.AuthMode.values()) {
                    variants.add(new Variant(format, single, auth));
                }
            }
        }
        return variants;
    }

    final BillmanagerSimulator sim;
    final BillmanagerClient client;
    final UpstreamConnection connection;

    private SimulatorFixture(BillmanagerSimulator sim, BillmanagerClient client) {
        this.sim = sim;
        this.client = client;
        this.connection = new UpstreamConnection(sim.baseUrl(), sim.username(), sim.password());
    }

    static SimulatorFixture start(Variant variant) {
        return start(variant, UnaryOperator.identity(), UnaryOperator.identity());
    }

    static SimulatorFixture start(Variant variant, UnaryOperator<SimulatorConfig> simulator,
            UnaryOperator<TestConfig> clientConfig) {
        SimulatorConfig simConfig = simulator.apply(SimulatorConfig.defaults().withPort(0).withPlans(60)
                .withLogCalls(false).withSingleElementListsAsObject(variant.singleAsObject()));
        BillmanagerSimulator sim = BillmanagerSimulator.start(simConfig);
        UpstreamConfig config = clientConfig.apply(TestConfig.fast()
                .with("output-format", variant.format().code())
                .with("auth-mode", variant.auth().name().toLowerCase(Locale.ROOT))).build();
        return new SimulatorFixture(sim, new BillmanagerClient(config));
    }

    @Override
    public void close() {
        sim.close();
    }
}
