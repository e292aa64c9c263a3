package io.resellhub.module.service;

import java.util.List;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.module.domain.ProcessingModule;
import io.resellhub.module.domain.ProductType;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.UpstreamException;
import io.resellhub.module.upstream.UpstreamPlan;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads a module's upstream price list for tariff-service, which never calls the upstream itself. */
@ApplicationScoped
public class UpstreamPlans {

    private final ProcessingModuleService modules;
    private final ModuleConnections connections;
    private final BillmanagerClient client;

    public UpstreamPlans(ProcessingModuleService modules, ModuleConnections connections, BillmanagerClient client) {
        this.modules = modules;
        this.connections = connections;
        this.client = client;
    }

    /** The plans of {@code productTypeCode} (the module's own when null); 422 when the module does not serve it. */
    public List<UpstreamPlan> list(UUID moduleId, String productTypeCode) {
        ProcessingModule module = modules.get(moduleId);
        ProductType wanted = productTypeCode == null || productTypeCode.isBlank() ? module.productType
                : ProductType.fromCode(productTypeCode).orElseThrow(() -> ProblemException.badRequest(
                        "Unknown product type '" + productTypeCode + "'", null));
        if (wanted != module.productType) {
            throw ProblemException.unprocessable("product-type-not-served", "Product type not served",
                    "Processing module " + moduleId + " serves " + module.productType.code() + ", not "
                            + wanted.code());
        }
        long started = System.nanoTime();
        try {
            List<UpstreamPlan> plans = client.listTariffs(connections.of(module), wanted.code());
            Log.infof("Module %s: %d upstream plan(s) of %s read in %d ms", moduleId, plans.size(), wanted.code(),
                    (System.nanoTime() - started) / 1_000_000);
            return plans;
        } catch (UpstreamException e) {
            Log.warnf("Module %s: reading upstream plans failed: %s", moduleId, e.getMessage());
            throw UpstreamAccounts.problemOf(e, module.integrationUrl);
        }
    }
}
