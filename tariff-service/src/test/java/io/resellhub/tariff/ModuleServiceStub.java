package io.resellhub.tariff;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** module-service stand-in: a WireMock server (one per test JVM) that tests feed with modules and plan lists. */
public class ModuleServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(8));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.module-service.url", server().baseUrl());
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped by the shutdown hook.
    }

    /** A module of the product type; returns its id. */
    public static UUID module(String productType) {
        UUID id = UUID.randomUUID();
        server().stubFor(get(urlPathEqualTo("/processing-modules/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(json(Map.of("id", id.toString(), "productType", productType, "name", "Upstream " + id,
                        "currency", "USD", "moduleType", "billmanager5")))));
        return id;
    }

    /** Sets (or replaces) the module's upstream plan list. */
    public static void plans(UUID moduleId, List<Map<String, Object>> plans) {
        plansJson(moduleId, json(plans));
    }

    public static void plansJson(UUID moduleId, String body) {
        server().stubFor(get(urlPathEqualTo("/processing-modules/" + moduleId + "/upstream-plans"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** One plan: {@code prices} alternate period and cost, e.g. {@code plan("1", "A", 12, "10.00", -100, "0")}. */
    public static Map<String, Object> plan(String upstreamId, String name, Object... prices) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < prices.length; i += 2) {
            list.add(Map.of("period", prices[i], "cost", prices[i + 1]));
        }
        return Map.of("upstreamId", upstreamId, "name", name, "productType", "ssl-certificate", "available", true,
                "currency", "USD", "prices", list, "description", "plan " + upstreamId);
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
