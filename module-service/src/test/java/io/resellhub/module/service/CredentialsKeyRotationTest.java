package io.resellhub.module.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.module.RealInfrastructureProfile;
import io.resellhub.module.SimulatorResource;
import io.resellhub.module.domain.ProcessingModule;
import io.resellhub.module.domain.SealedSecret;
import io.resellhub.simulator.BillmanagerSimulator;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * module-service after a rotation of the credentials key, configured as the Secret module-service-credentials
 * gives it (KEY, KEY_ID, PREVIOUS_KEYS_K1): a row sealed under the old key before the rotation still opens (the
 * upstream answers with the password it holds), is sealed again under the new key when the module is saved,
 * and new rows are sealed under the new key.
 */
@QuarkusTest
@TestProfile(CredentialsKeyRotationTest.RotatedKey.class)
class CredentialsKeyRotationTest {

    /** The key of the tests (application.properties, id k1) is now a previous key; k2 is current. */
    public static class RotatedKey extends RealInfrastructureProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("module-service.credentials.key", CredentialCipherTest.NEW_KEY);
            overrides.put("module-service.credentials.key-id", "k2");
            overrides.put("module-service.credentials.previous-keys.k1", CredentialCipherTest.OLD_KEY);
            return overrides;
        }
    }

    @Inject
    EntityManager entityManager;

    @Inject
    CredentialCipher cipher;

    private final BillmanagerSimulator simulator = SimulatorResource.simulator();
    private final CredentialCipher beforeRotation = CredentialCipherTest.cipher(CredentialCipherTest.OLD_KEY, "k1", Map.of());

    @BeforeEach
    void upstreamAnswers() {
        simulator.setBalance(new BigDecimal("1000.00"));
        simulator.clearFaults();
    }

    @AfterEach
    void retireModules() {
        // The tests of this service share one upstream account: free it for the next test.
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("DELETE FROM module_enabled_tariff").executeUpdate();
            entityManager.createNativeQuery("UPDATE processing_module SET deleted_at = now() WHERE deleted_at IS NULL")
                    .executeUpdate();
        });
    }

    @Test
    void newRowsAreSealedUnderTheNewKey() {
        UUID id = create();
        SealedSecret stored = stored(id);
        assertEquals("k2", stored.keyId());
        assertEquals(simulator.password(), cipher.open(id, stored));
        assertThrows(IllegalStateException.class, () -> beforeRotation.open(id, stored));
    }

    @Test
    void aRowSealedUnderTheOldKeyStillOpensAndIsSealedAgainUnderTheNewKeyWhenSaved() {
        UUID id = create();
        // The row as module-service wrote it before the rotation: sealed under k1.
        SealedSecret old = beforeRotation.seal(id, simulator.password());
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE processing_module SET password_key_id = ?1, password_ciphertext = ?2 WHERE id = ?3")
                .setParameter(1, old.keyId()).setParameter(2, old.ciphertext()).setParameter(3, id).executeUpdate());
        assertEquals("k1", stored(id).keyId());

        // The balance is read from the upstream now, with the password opened under k1 (a previous key).
        simulator.setBalance(new BigDecimal("750.00"));
        given().when().post("/processing-modules/" + id + "/balance/check").then().statusCode(200)
                .body("balance", equalTo("750.00"));

        // Saved without a password: module-service opens the stored one and seals it again under the current key.
        Map<String, Object> update = body(null, "Renamed after the rotation");
        update.put("version", 0);
        given().contentType(ContentType.JSON).body(update).when().put("/processing-modules/" + id)
                .then().statusCode(200).body("name", equalTo("Renamed after the rotation"));

        SealedSecret resealed = stored(id);
        assertEquals("k2", resealed.keyId());
        assertEquals(simulator.password(), cipher.open(id, resealed));
        simulator.setBalance(new BigDecimal("500.00"));
        given().when().post("/processing-modules/" + id + "/balance/check").then().statusCode(200)
                .body("balance", equalTo("500.00"));
    }

    private UUID create() {
        String id = given().contentType(ContentType.JSON).body(body(simulator.password(), "Rotation"))
                .when().post("/processing-modules").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    private SealedSecret stored(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ProcessingModule module = entityManager.find(ProcessingModule.class, id);
            entityManager.refresh(module);
            return module.sealedPassword();
        });
    }

    private Map<String, Object> body(String password, String name) {
        Map<String, Object> integration = new HashMap<>();
        integration.put("url", simulator.baseUrl());
        integration.put("username", simulator.username());
        if (password != null) {
            integration.put("password", password);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("productType", "ssl-certificate");
        body.put("moduleType", "billmanager5");
        body.put("integration", integration);
        body.put("name", name);
        return body;
    }
}
