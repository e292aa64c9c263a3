package io.resellhub.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole mutable state of the simulated upstream: catalog, account, services and sessions. Every
 * access, from API calls and from test controls alike, synchronizes on this object, so each call is
 * atomic (an order checks the balance, debits it and creates the service as one step).
 */
final class Upstream {

    final SimulatorConfig config;
    final Catalog catalog;
    final Account account;
    final Services services = new Services();
    final Sessions sessions;
    /** How long a new service stays out of service lists (an upstream whose lists lag behind its orders). */
    volatile Duration listLag = Duration.ZERO;

    Upstream(SimulatorConfig config) {
        this.config = config;
        this.catalog = new Catalog(CatalogGenerator.generate(config.seed(), config.plans()));
        this.account = new Account(config.balance(), config.currency());
        this.sessions = new Sessions(config.sessionTimeout());
    }

    Instant now() {
        return config.clock().instant();
    }

    /** Today in the upstream's own time zone: upstream dates are local dates, not UTC. */
    LocalDate today() {
        return LocalDate.ofInstant(now(), config.zone());
    }

    synchronized void reset() {
        listLag = Duration.ZERO;
        catalog.reset();
        account.reset();
        services.reset();
        sessions.expireAll();
    }

    synchronized List<Plan> plans() {
        return catalog.exported(null, false);
    }

    synchronized void setBalance(BigDecimal balance, String currency) {
        account.setBalance(balance, currency == null ? account.currency() : currency);
    }

    synchronized Plan changePrice(String planId, int period, BigDecimal cost) {
        return catalog.changePrice(planId, period, cost);
    }

    synchronized void removePlan(String planId) {
        catalog.remove(planId);
    }

    synchronized Plan setPlanAvailable(String planId, boolean available) {
        return catalog.setAvailable(planId, available);
    }

    synchronized void block(String reason) {
        account.block(reason);
    }

    synchronized void expireSessions() {
        sessions.expireAll();
    }

    synchronized SimulatorState state(CallCounts calls, Faults faults) {
        services.settle(now());
        List<ServiceSnapshot> snapshots = new ArrayList<>();
        for (Service service : services.all()) {
            snapshots.add(service.snapshot());
        }
        return new SimulatorState(account.balance(), account.currency(), account.blocked(), account.blockReason(),
                snapshots, calls.snapshot(), sessions.live(now()), faults.pending());
    }
}
