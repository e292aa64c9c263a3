package io.resellhub.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import io.resellhub.launcher.OrdersThroughGateway.Sellable;
import io.resellhub.launcher.OrdersThroughGateway.UpstreamServices;

/**
 * The drill "module-service killed with SIGKILL in the middle of a burst, then restarted: every order completes,
 * no duplicates", on the real stack (PostgreSQL, Kafka, the simulator issuing certificates 2 s after they are
 * ordered, the four service JVMs on free ports, state in a temp directory).
 *
 * <p>module-service runs with a provisioning lease of {@value #LEASE}, so the claims the killed JVM held are
 * taken over soon after it is back. Through the gateway: a certificate module, a plan imported and enabled, then
 * {@value #ORDERS} orders from {@value #CLIENTS} client threads. Once {@value #KILL_AFTER} POSTs have returned,
 * module-service is killed with SIGKILL (no shutdown: claims, Kafka membership and in-flight upstream calls are
 * left as a crash leaves them) while the clients keep posting (orders go to reselling-service); after
 * {@link #DOWN} it is restarted on the same port with the same environment. Every order must then end
 * {@code active} within {@link #CONVERGENCE}, none {@code failed}, and the simulator must hold exactly one
 * service per order id (its note) and have been asked to order exactly once per order. One line of figures is
 * printed.
 *
 * <p>Most of the time to converge is Kafka's: the killed JVM's consumers stay members of the
 * {@code module-service} group until their session times out (the client default, 45 s), and the provisioning
 * requests posted meanwhile wait for that rebalance; the claims it held are taken over once the lease ends.
 *
 * <p>The state directory is deleted after a pass and kept (its path printed; logs in {@code logs/}) after a
 * failure, or always with {@code -Ddrill.keep=true}.
 */
class OrdersDrillIT {

    private static final String LEASE = "10s";
    private static final int ORDERS = 200;
    private static final int CLIENTS = 4;
    private static final int KILL_AFTER = 70;
    private static final Duration DOWN = Duration.ofSeconds(2);
    private static final Duration CONVERGENCE = Duration.ofSeconds(90);
    /** The simulator's function that orders a certificate (its call counts are per function). */
    private static final String ORDER_CALL = "certificate.order.param";

    @Test
    void moduleServiceKilledMidBurstAndRestartedEveryOrderCompletesOnce() throws Exception {
        Path localDir = Files.createTempDirectory("orders-drill-it");
        LocalStackConfig config = LocalStackConfig.defaults(OrdersThroughGateway.root())
                .withLocalDir(localDir)
                .withPorts(StackPorts.free())
                .withServiceEnvironment(Map.of("MODULE_SERVICE_PROVISIONING_LEASE", LEASE));
        boolean passed = false;
        RunningStack stack = LocalStack.start(config);
        try {
            drill(stack);
            passed = true;
        } finally {
            stack.close();
            if (passed && !Boolean.getBoolean("drill.keep")) {
                OrdersThroughGateway.deleteTree(localDir);
            } else {
                System.out.println("==> Drill state and logs kept in " + localDir);
            }
        }
    }

    private static void drill(RunningStack stack) throws Exception {
        OrdersThroughGateway client = new OrdersThroughGateway(stack);
        String moduleId = client.createCertificateModule("Drill SSL");
        Sellable sellable = client.importAndEnable(moduleId, "Drill");
        client.ensureBalance(sellable, ORDERS);
        ServiceInstance moduleService = ServiceInstance.first(Service.MODULE_SERVICE);

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<String> refused = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch killPoint = new CountDownLatch(KILL_AFTER);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> posting = new ArrayList<>();
        long firstPost = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            posting.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < ORDERS; i = next.getAndIncrement()) {
                    try {
                        HttpResponse<String> answer = client.placeOrder(sellable, "drill",
                                String.format("drill-%03d.example.com", i));
                        if (answer.statusCode() == 202) {
                            accepted.add(OrdersThroughGateway.readTree(answer.body()).path("id").asText());
                        } else {
                            synchronized (refused) {
                                refused.add(answer.statusCode() + " " + answer.body());
                            }
                        }
                    } finally {
                        killPoint.countDown();
                    }
                }
                return null;
            }));
        }
        clients.shutdown();

        long killed;
        long pid;
        int postsBeforeKill;
        Duration restartTook;
        try {
            assertTrue(killPoint.await(60, TimeUnit.SECONDS), KILL_AFTER + " POSTs did not return within 60 s");
            postsBeforeKill = accepted.size() + refused.size();
            pid = stack.kill(moduleService);
            killed = System.nanoTime();
            Thread.sleep(DOWN.toMillis()); // module-service stays down this long while the clients post on
            long restart = System.nanoTime();
            stack.restart(moduleService);
            restartTook = Duration.ofNanos(System.nanoTime() - restart);
            for (Future<?> done : posting) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        double postingSeconds = (System.nanoTime() - firstPost) / 1e9;
        assertEquals(List.of(), refused, "every POST accepted");
        assertEquals(ORDERS, accepted.size());

        boolean settled = true;
        try {
            await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.list("pending", OrdersThroughGateway.MAX_PAGE_SIZE).ids().isEmpty());
        } catch (ConditionTimeoutException e) {
            settled = false; // the figures below say how far it got; the assertions fail
        }
        double converged = (System.nanoTime() - killed) / 1e9;

        Set<String> pending = client.list("pending", OrdersThroughGateway.MAX_PAGE_SIZE).ids();
        Set<String> active = client.list("active", OrdersThroughGateway.MAX_PAGE_SIZE).ids();
        Set<String> failed = client.list("failed", OrdersThroughGateway.MAX_PAGE_SIZE).ids();
        UpstreamServices upstream = client.upstreamServices();
        List<String> missing = upstream.missing(accepted);
        long orderCalls = upstream.callCounts().getOrDefault(ORDER_CALL, 0L);
        System.out.printf("==> Drill: %d orders requested, %d accepted, %d active, %d failed; upstream services %d"
                + " (%d with one of our order ids as note), duplicates %d, orders without a service %d, order calls %d;"
                + " module-service (pid %d) SIGKILLed after %d POSTs returned, restarted after %.1f s down (ready in"
                + " %.1f s); POSTs took %.1f s; %s %.1f s after the kill; lease %s; upstream calls %s%n", ORDERS,
                accepted.size(), active.size(), failed.size(), upstream.total(), upstream.forOrders(accepted),
                upstream.duplicates(), missing.size(), orderCalls, pid, postsBeforeKill, DOWN.toMillis() / 1e3,
                restartTook.toMillis() / 1e3, postingSeconds,
                settled ? "every order settled" : pending.size() + " orders still pending", converged, LEASE,
                upstream.callCounts());

        assertEquals(Set.of(), pending, "orders still pending after awaiting " + CONVERGENCE.toSeconds() + " s");

        assertEquals(Set.of(), failed, "no order failed");
        assertEquals(accepted, active, "every order active");
        assertEquals(0, upstream.duplicates(), "no order id ordered twice upstream: " + upstream.byNote());
        assertEquals(List.of(), missing, "every order has its upstream service");
        assertEquals(ORDERS, upstream.total(), "exactly one upstream service per order");
        assertEquals(ORDERS, orderCalls, "one order call per order reached the upstream (" + ORDER_CALL + ")");
    }
}
