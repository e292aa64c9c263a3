package io.resellhub.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.resellhub.client.ApiClient;
import io.resellhub.client.ApiException;
import io.resellhub.client.ApiResponse;
import io.resellhub.client.api.IntegrationSetupApi;
import io.resellhub.client.api.OrdersApi;
import io.resellhub.client.api.ResellingApi;
import io.resellhub.client.api.TariffCatalogApi;
import io.resellhub.client.model.BulkRequest;
import io.resellhub.client.model.CreateOrder;
import io.resellhub.client.model.ImportRequest;
import io.resellhub.client.model.NewIntegration;
import io.resellhub.client.model.NewProcessingModule;
import io.resellhub.client.model.OrderDto;
import io.resellhub.client.model.PriceEdit;
import io.resellhub.client.model.PriceView;
import io.resellhub.client.model.ProcessingModuleView;
import io.resellhub.client.model.Result;
import io.resellhub.client.model.TariffEdit;
import io.resellhub.client.model.TariffView;
import io.resellhub.client.model.UpstreamTariffView;

/**
 * The four steps and an order with the Java client generated at build time from the OpenAPI document the gateway
 * publishes ({@code target/generated-test-sources/gateway-client}, see the launcher's pom): a processing module
 * on the simulator, plans imported, a tariff renamed and repriced, enabled, ordered and seen active. It compiles
 * only if the document names what a frontend needs, and passes only if the answers fit the generated types.
 */
final class GeneratedClientWalk {

    private static final String NAME = "Renamed with the generated client";

    private GeneratedClientWalk() {
    }

    static void walk(RunningStack stack) throws ApiException {
        ApiClient admin = client(stack.gatewayUrl(), stack.adminToken());
        IntegrationSetupApi setup = new IntegrationSetupApi(admin);
        TariffCatalogApi tariffs = new TariffCatalogApi(admin);

        // Step 1: a processing module on the simulator's account (the connection is checked first).
        SimulatorSettings sim = stack.simulatorSettings();
        NewProcessingModule newModule = new NewProcessingModule().productType("ssl-certificate")
                .moduleType("billmanager5").name("Generated client SSL").minimalBalance("100.00")
                .integration(new NewIntegration().url(stack.simulatorUrl()).username(sim.username())
                        .password(sim.password()));
        ApiException refused = assertThrows(ApiException.class, () -> new IntegrationSetupApi(
                client(stack.gatewayUrl(), stack.viewerToken())).createProcessingModule(newModule));
        assertEquals(403, refused.getCode());
        ProcessingModuleView module = setup.createProcessingModule(newModule);
        assertEquals("Generated client SSL", module.getName());
        assertEquals(0L, module.getVersion());
        assertNotNull(module.getCreatedAt());

        // Step 2: import three available plans as a background job, followed through its Location.
        List<String> plans = tariffs.listUpstreamTariffs(module.getId(), null, null, 500).getItems().stream()
                .filter(UpstreamTariffView::getAvailable)
                .filter(plan -> plan.getPrices().stream().anyMatch(price -> price.getPeriod() > 0))
                .map(UpstreamTariffView::getUpstreamId).limit(3).toList();
        assertEquals(3, plans.size(), "three orderable plans upstream");
        ApiResponse<?> started = tariffs.startImportWithHttpInfo(new ImportRequest()
                .processingModuleId(UUID.fromString(module.getId())).productType("ssl-certificate")
                .upstreamTariffIds(plans).provider("Generated client"));
        assertEquals(202, started.getStatusCode());
        String location = started.getHeaders().get("location").get(0);
        String jobId = URI.create(location).getPath().replaceAll(".*/", "");
        String status = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> tariffs.getImportJob(jobId).getStatus(), s -> !s.equals("queued") && !s.equals("running"));
        assertEquals("succeeded", status);
        List<TariffView> imported = tariffs.listTariffs(null, UUID.fromString(module.getId()), null, null, 500, null, null).getItems();
        assertEquals(3, imported.size());

        // Step 3: rename one tariff and sell one period 5.00 above its upstream cost.
        TariffView tariff = imported.stream().filter(t -> !t.getBelowCost() && t.getUpstreamAvailable()).findFirst()
                .orElseThrow();
        PriceView price = tariff.getPrices().stream().filter(p -> p.getPeriod() > 0 && p.getUpstreamCost() != null)
                .findFirst().orElseThrow();
        String amount = new BigDecimal(price.getUpstreamCost()).add(new BigDecimal("5.00")).toPlainString();
        TariffView edited = tariffs.editTariff(tariff.getId(), new TariffEdit().version(tariff.getVersion()).name(NAME)
                .prices(List.of(new PriceEdit().period(price.getPeriod()).amount(amount))));
        assertEquals(NAME, edited.getName());
        assertEquals(tariff.getVersion() + 1, edited.getVersion());
        assertEquals(new BigDecimal(amount), new BigDecimal(edited.getPrices().stream()
                .filter(p -> p.getPeriod().equals(price.getPeriod())).findFirst().orElseThrow().getAmount()));
        ApiException stale = assertThrows(ApiException.class, () -> tariffs.editTariff(tariff.getId(),
                new TariffEdit().version(tariff.getVersion()).name(NAME)));
        assertEquals(409, stale.getCode());

        // Step 4: enable it (once reselling-service has learned the tariff from tariff-service's events).
        ResellingApi reselling = new ResellingApi(admin);
        BulkRequest enable = new BulkRequest().ids(List.of(tariff.getId()));
        Result enabled = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> reselling.enableTariffs(enable).getResults().get(0), r -> r.getError() == null
                        || r.getError().getStatus() != 404);
        assertEquals(Result.StatusEnum.ENABLED, enabled.getStatus(), String.valueOf(enabled.getError()));

        // An order for that period: accepted pending, then active once the simulator has issued it.
        OrdersApi orders = new OrdersApi(admin);
        OrderDto order = orders.createOrder(new CreateOrder().tariffId(UUID.fromString(tariff.getId()))
                .period(price.getPeriod()).customerRef("c-generated").params(Map.of("domain", "client.example.com")));
        assertEquals("pending", order.getStatus());
        OrderDto settled = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> orders.getOrder(order.getId()), o -> !"pending".equals(o.getLastAction().getStatus()));
        assertEquals("active", settled.getStatus(), settled.toString());
        assertEquals(new BigDecimal(amount), new BigDecimal(settled.getAmount()));
        assertNotNull(settled.getUpstreamServiceId());
        assertFalse(settled.getActions().isEmpty());
    }

    /** A client of the gateway at {@code gatewayUrl} that sends {@code token} as its bearer token. */
    private static ApiClient client(String gatewayUrl, String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(gatewayUrl);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }
}
