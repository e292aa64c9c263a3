package io.resellhub.tariff.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of module-service's processing module this service needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModuleInfo(String id, String productType, String name, String currency) {
}
