package io.resellhub.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One simulator per test class, on a free port: started before the class's first test, reset (and its
 * clock set back to {@link TestSimulators#START}) before each test, closed after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SimulatorTest {

    protected final MutableClock clock = MutableClock.at(TestSimulators.START);
    protected BillmanagerSimulator sim;
    protected SimClient client;

    /** The class's own settings on top of {@link TestSimulators#config}; none by default. */
    SimulatorConfig configure(SimulatorConfig config) {
        return config;
    }

    @BeforeAll
    void startSimulator() {
        sim = BillmanagerSimulator.start(configure(TestSimulators.config(clock)));
        client = new SimClient(sim);
    }

    @BeforeEach
    void resetSimulator() {
        sim.reset();
        clock.set(TestSimulators.START);
    }

    @AfterAll
    void stopSimulator() {
        sim.close();
    }
}
