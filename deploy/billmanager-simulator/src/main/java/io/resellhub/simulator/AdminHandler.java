package io.resellhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /_sim/...}: the test controls over HTTP, for drills and for tests in other processes. No
 * authentication (it is a test tool bound to loopback by default). Input: query string, form body
 * or a flat JSON object body; output: JSON. Every control delegates to {@link BillmanagerSimulator}.
 */
final class AdminHandler implements HttpHandler {

    static final String PATH = "/_sim";

    private static final Pattern PLAN_ACTION = Pattern.compile("/_sim/plans/([^/]+)/(price|remove|unavailable|available)");

    private final BillmanagerSimulator simulator;
    private final CallLog log;

    AdminHandler(BillmanagerSimulator simulator, CallLog log) {
        this.simulator = simulator;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int status = 200;
        String body;
        try {
            Map<String, String> input = input(exchange);
            body = AdminJson.write(route(method, path, input));
        } catch (NoSuchElementException e) {
            status = 404;
            body = AdminJson.write(Map.of("error", e.getMessage()));
        } catch (MethodNotAllowed e) {
            status = 405;
            body = AdminJson.write(Map.of("error", e.getMessage()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            status = 400;
            body = AdminJson.write(Map.of("error", String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            status = 500;
            body = AdminJson.write(Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        HttpResponses.json(exchange, status, body);
        log.admin(method, path, status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private Object route(String method, String path, Map<String, String> in) {
        Matcher planAction = PLAN_ACTION.matcher(path);
        if (planAction.matches()) {
            requirePost(method, path);
            return planAction(planAction.group(1), planAction.group(2), in);
        }
        switch (path) {
            case "/_sim":
            case "/_sim/health":
                requireGet(method, path);
                return Map.of("status", "UP", "baseUrl", simulator.baseUrl());
            case "/_sim/state":
                requireGet(method, path);
                return state(simulator.state());
            case "/_sim/catalog":
                requireGet(method, path);
                String itemtype = in.get("itemtype");
                List<Object> plans = new ArrayList<>();
                for (Plan plan : itemtype == null ? simulator.catalog() : simulator.catalog(itemtype)) {
                    plans.add(plan(plan));
                }
                return Map.of("plans", plans);
            case "/_sim/faults":
                if (method.equals("DELETE")) {
                    simulator.clearFaults();
                } else if (method.equals("POST")) {
                    simulator.failNext(in.get("func"), intParam(in, "count", 1), fault(in));
                } else {
                    requireGet(method, path);
                }
                return Map.of("pendingFaults", pendingFaults(simulator.state().pendingFaults()));
            case "/_sim/faults/clear":
                requirePost(method, path);
                simulator.clearFaults();
                return Map.of("pendingFaults", List.of());
            case "/_sim/balance":
                requirePost(method, path);
                BigDecimal amount = money(required(in, "amount"), "amount");
                if (in.get("currency") != null) {
                    simulator.setBalance(amount, in.get("currency"));
                } else {
                    simulator.setBalance(amount);
                }
                SimulatorState afterBalance = simulator.state();
                return ordered("balance", afterBalance.balance(), "currency", afterBalance.currency());
            case "/_sim/block":
                requirePost(method, path);
                boolean blocked = in.get("blocked") == null || Boolean.parseBoolean(in.get("blocked"));
                if (blocked) {
                    simulator.blockAccount(in.get("reason"));
                } else {
                    simulator.unblockAccount();
                }
                SimulatorState afterBlock = simulator.state();
                return ordered("blocked", afterBlock.blocked(), "reason", afterBlock.blockReason());
            case "/_sim/sessions/expire":
                requirePost(method, path);
                simulator.expireSessions();
                return Map.of("sessions", 0);
            case "/_sim/reset":
                requirePost(method, path);
                simulator.reset();
                return Map.of("reset", true);
            default:
                throw new NoSuchElementException("no admin endpoint " + path);
        }
    }

    private Object planAction(String planId, String action, Map<String, String> in) {
        switch (action) {
            case "price":
                int period = intParam(in, "period", null);
                return plan(simulator.changePrice(planId, period, money(required(in, "cost"), "cost")));
            case "remove":
                simulator.removePlan(planId);
                return ordered("id", planId, "removed", true);
            case "unavailable":
                return plan(simulator.setPlanAvailable(planId, false));
            default:
                return plan(simulator.setPlanAvailable(planId, true));
        }
    }

    private static Fault fault(Map<String, String> in) {
        Fault.Kind kind = Fault.Kind.fromCode(required(in, "kind"));
        switch (kind) {
            case ERROR:
                return Fault.error(required(in, "errorType"), in.get("errorObject"), in.get("message"));
            case HANG:
                return in.get("hang") == null ? Fault.hang() : Fault.hang(Main.parseDuration(in.get("hang")));
            case HTTP_500:
                return Fault.http500();
            case HTML:
                return Fault.html();
            default:
                return Fault.dropAfterProcessing();
        }
    }

    // --- JSON shapes ---------------------------------------------------------------------------------

    static Map<String, Object> state(SimulatorState state) {
        List<Object> services = new ArrayList<>();
        for (ServiceSnapshot service : state.services()) {
            Map<String, Object> json = ordered(
                    "id", service.id(), "itemtype", service.itemtype(), "pricelist", service.pricelist(),
                    "period", service.period(), "status", service.status(), "note", service.note(),
                    "name", service.name(), "createdate", service.createdate(), "expiredate", service.expiredate(),
                    "cost", service.cost(), "currency", service.currency());
            json.put("params", new LinkedHashMap<>(service.params()));
            services.add(json);
        }
        Map<String, Object> json = ordered("balance", state.balance(), "currency", state.currency(),
                "blocked", state.blocked(), "blockReason", state.blockReason(), "sessions", state.sessions());
        json.put("services", services);
        json.put("callCounts", new LinkedHashMap<>(state.callCounts()));
        json.put("pendingFaults", pendingFaults(state.pendingFaults()));
        return json;
    }

    private static List<Object> pendingFaults(List<SimulatorState.PendingFault> pending) {
        List<Object> result = new ArrayList<>();
        for (SimulatorState.PendingFault rule : pending) {
            Fault fault = rule.fault();
            result.add(ordered("func", rule.func(), "remaining", rule.remaining(), "kind", fault.kind().code(),
                    "errorType", fault.errorType(), "errorObject", fault.errorObject(), "message", fault.message(),
                    "hang", fault.hangFor()));
        }
        return result;
    }

    static Map<String, Object> plan(Plan plan) {
        List<Object> prices = new ArrayList<>();
        for (PlanPrice price : plan.prices()) {
            prices.add(ordered("period", price.period(), "cost", price.cost()));
        }
        Map<String, Object> json = ordered("id", plan.id(), "name", plan.name(), "itemtype", plan.itemtype(),
                "available", plan.available(), "currency", plan.currency());
        json.put("prices", prices);
        return json;
    }

    /** A map keeping the given order, leaving out null values (as upstream leaves out absent fields). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    // --- input ---------------------------------------------------------------------------------------

    private static Map<String, String> input(HttpExchange exchange) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Params.decodeInto(exchange.getRequestURI().getRawQuery(), values);
        String body = Params.readBody(exchange.getRequestBody());
        if (!body.isBlank()) {
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).toLowerCase(Locale.ROOT);
            if (contentType.startsWith("application/json") || body.trim().startsWith("{")) {
                AdminJson.parseFlatObject(body).forEach((key, value) -> {
                    if (value != null) {
                        values.put(key, value);
                    }
                });
            } else {
                Params.decodeInto(body, values);
            }
        }
        values.values().removeIf(String::isBlank);
        return values;
    }

    private static String required(Map<String, String> in, String name) {
        String value = in.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing parameter '" + name + "'");
        }
        return value;
    }

    private static int intParam(Map<String, String> in, String name, Integer fallback) {
        String value = in.get(name);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing parameter '" + name + "'");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be an integer: " + value);
        }
    }

    private static BigDecimal money(String value, String name) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a decimal number: " + value);
        }
    }

    private static void requireGet(String method, String path) {
        if (!method.equals("GET")) {
            throw new MethodNotAllowed(method + " " + path + ": use GET");
        }
    }

    private static void requirePost(String method, String path) {
        if (!method.equals("POST")) {
            throw new MethodNotAllowed(method + " " + path + ": use POST");
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed(String message) {
            super(message, null, false, false);
        }
    }
}
