package io.resellhub.tariff.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.tariff.client.ModuleInfo;
import io.resellhub.tariff.client.ModuleServiceClient;
import io.resellhub.tariff.client.UpstreamPlan;
import io.resellhub.tariff.domain.ServingModule;
import io.resellhub.tariff.domain.Tariff;
import io.resellhub.tariff.domain.TariffPrice;
import io.resellhub.tariff.domain.TariffStore;
import io.resellhub.tariff.messaging.TariffEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * Which processing modules serve a tariff: the one it was imported from and any further modules of its product
 * type that sell the same thing upstream. Each further module's plan is checked upstream when set (it must
 * exist, be orderable, be in the tariff's currency and price every period the tariff sells); the tariff's
 * upstream cost per period becomes the highest among all its modules, so the margin guard holds whichever
 * module serves an order.
 */
@ApplicationScoped
public class TariffModules {

    /** A module's place in the list as asked for. */
    public record Choice(UUID processingModuleId, String upstreamTariffId) {
    }

    private final TariffService tariffs;
    private final TariffStore store;
    private final ModuleServiceClient modules;
    private final EntityManager entityManager;
    private final Outbox outbox;
    private final Clock clock;

    public TariffModules(TariffService tariffs, TariffStore store, ModuleServiceClient modules,
            EntityManager entityManager, Outbox outbox, Clock clock) {
        this.tariffs = tariffs;
        this.store = store;
        this.modules = modules;
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The tariff with its further modules read. */
    public Tariff get(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Tariff tariff = tariffs.get(id);
            store.loadModules(tariff);
            return tariff;
        });
    }

    /**
     * Sets the modules: 422 (naming the field) when the list leaves out the module the tariff was imported from,
     * names a module twice, or a module or plan that cannot serve it; 409 on a stale version, or when the new
     * costs would put an enabled tariff below cost (unless it is sold below cost on purpose).
     */
    public Tariff set(UUID id, long expectedVersion, List<Choice> choices) {
        Tariff current = get(id);
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        boolean ownListed = false;
        List<ServingModule> further = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            Choice choice = choices.get(i);
            String field = "modules[" + i + "]";
            if (!seen.add(choice.processingModuleId())) {
                errors.add(new Problem.FieldError(field + ".processingModuleId", "module "
                        + choice.processingModuleId() + " is listed twice"));
            } else if (choice.processingModuleId().equals(current.processingModuleId)) {
                ownListed = true;
                if (!choice.upstreamTariffId().strip().equals(current.upstreamTariffId)) {
                    errors.add(new Problem.FieldError(field + ".upstreamTariffId", "the tariff was imported from"
                            + " plan " + current.upstreamTariffId + " of this module; that plan stays"));
                }
            } else {
                checked(current, choice, field, errors).ifPresent(further::add);
            }
        }
        if (!ownListed) {
            errors.add(new Problem.FieldError("modules", "must include the module the tariff was imported from ("
                    + current.processingModuleId + ", plan " + current.upstreamTariffId + ")"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Map<Integer, BigDecimal> ownCosts = ownCosts(current);
        return QuarkusTransaction.requiringNew().call(() -> {
            Tariff tariff = entityManager.find(Tariff.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (tariff == null) {
                throw ProblemException.notFound("Tariff", id);
            }
            if (tariff.version != expectedVersion) {
                throw ProblemException.staleVersion("Tariff", id, expectedVersion, tariff.version);
            }
            for (TariffPrice price : tariff.prices) {
                BigDecimal own = ownCosts.containsKey(price.period) ? ownCosts.get(price.period) : price.upstreamCost;
                price.upstreamCost = ServingModule.highest(own, further, price.period);
            }
            tariff.refreshBelowCost();
            if (tariff.isEnabled() && tariff.belowCost && !tariff.allowBelowCost) {
                throw new ProblemException(new Problem(Problem.type("below-cost"), "Below cost", 409, "Tariff " + id
                        + " is on sale and these modules' costs would put it below cost: raise its selling prices"
                        + " first", null, List.of(new Problem.FieldError("modules", "the highest upstream cost"
                        + " among these modules is above a selling price"))));
            }
            store.replaceModules(id, further);
            tariff.servingModules.clear();
            tariff.servingModules.addAll(further);
            tariff.updatedAt = Instant.now(clock); // a new version even when no cost moved
            entityManager.flush();
            outbox.publish(TariffEvents.TOPIC, TariffEvents.UPDATED, id.toString(), TariffEvents.of(tariff));
            Log.infof("Tariff %s is served by %d module(s) (version %d)", id, further.size() + 1, tariff.version);
            return tariff;
        });
    }

    /** The further module with its plan's costs, or a field error saying why it cannot serve the tariff. */
    private Optional<ServingModule> checked(Tariff tariff, Choice choice, String field,
            List<Problem.FieldError> errors) {
        Optional<ModuleInfo> module = modules.module(choice.processingModuleId());
        if (module.isEmpty()) {
            errors.add(new Problem.FieldError(field + ".processingModuleId", "processing module "
                    + choice.processingModuleId() + " does not exist"));
            return Optional.empty();
        }
        if (!tariff.productType.equals(module.get().productType())) {
            errors.add(new Problem.FieldError(field + ".processingModuleId", "module " + module.get().name()
                    + " serves " + module.get().productType() + ", not " + tariff.productType));
            return Optional.empty();
        }
        String planId = choice.upstreamTariffId().strip();
        UpstreamPlan plan = modules.upstreamPlans(choice.processingModuleId(), tariff.productType).orElse(List.of())
                .stream().filter(p -> p != null && planId.equals(p.upstreamId())).findFirst().orElse(null);
        String problem = null;
        if (plan == null) {
            problem = "module " + module.get().name() + " offers no plan " + planId + " upstream";
        } else if (!plan.isAvailable()) {
            problem = "plan " + planId + " cannot be ordered upstream now";
        } else if (!tariff.currency.equals(plan.currency())) {
            problem = "plan " + planId + " is priced in " + plan.currency() + ", the tariff in " + tariff.currency;
        }
        Map<Integer, BigDecimal> costs = plan == null ? Map.of() : PlanPrices.of(plan).costs();
        for (TariffPrice price : tariff.prices) {
            if (problem == null && !costs.containsKey(price.period)) {
                problem = "plan " + planId + " does not sell period " + price.period + ", which the tariff sells";
            }
        }
        if (problem != null) {
            errors.add(new Problem.FieldError(field + ".upstreamTariffId", problem));
            return Optional.empty();
        }
        return Optional.of(new ServingModule(choice.processingModuleId(), planId, costs));
    }

    /** The costs of the tariff's own plan as its upstream lists them now (empty when it is not listed). */
    private Map<Integer, BigDecimal> ownCosts(Tariff tariff) {
        return modules.upstreamPlans(tariff.processingModuleId, tariff.productType).orElse(List.of()).stream()
                .filter(p -> p != null && tariff.upstreamTariffId.equals(p.upstreamId())).findFirst()
                .map(p -> (Map<Integer, BigDecimal>) PlanPrices.of(p).costs()).orElse(Map.of());
    }
}
