package io.resellhub.module;

import java.math.BigDecimal;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.resellhub.simulator.BillmanagerSimulator;
import io.resellhub.simulator.SimulatorConfig;

/** A real BILLmanager simulator on a free port, one per test JVM, as the upstream of every module under test. */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    private static BillmanagerSimulator simulator;

    public static synchronized BillmanagerSimulator simulator() {
        if (simulator == null) {
            simulator = BillmanagerSimulator.start(SimulatorConfig.defaults().withPort(0).withPlans(60).withSeed(7)
                    .withBalance(new BigDecimal("1000.00"), "USD"));
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-stop"));
        }
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        simulator();
        return Map.of();
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped by the shutdown hook.
    }
}
