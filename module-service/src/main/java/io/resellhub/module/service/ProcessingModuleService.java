package io.resellhub.module.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.paging.Page;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.module.domain.BalanceAlert;
import io.resellhub.module.domain.ModuleType;
import io.resellhub.module.domain.ProcessingModule;
import io.resellhub.module.domain.ProcessingModuleRepository;
import io.resellhub.module.domain.ProductType;
import io.resellhub.module.messaging.ModuleEvents;
import io.resellhub.module.upstream.AccountBalance;
import io.resellhub.module.upstream.UpstreamConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

/**
 * Processing modules: create, change and delete them, always checking the upstream connection
 * first and outside any transaction, then storing the change and its event in one transaction.
 */
@ApplicationScoped
public class ProcessingModuleService {

    private final ProcessingModuleRepository repository;
    private final UpstreamAccounts upstream;
    private final CredentialCipher cipher;
    private final Outbox outbox;
    private final BalanceWatch balanceWatch;
    private final EntityManager entityManager;
    private final Clock clock;

    public ProcessingModuleService(ProcessingModuleRepository repository, UpstreamAccounts upstream,
            CredentialCipher cipher, Outbox outbox, BalanceWatch balanceWatch, EntityManager entityManager,
            Clock clock) {
        this.repository = repository;
        this.upstream = upstream;
        this.cipher = cipher;
        this.outbox = outbox;
        this.balanceWatch = balanceWatch;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Everything a create or update carries, already validated for shape. */
    public record ModuleParameters(ProductType productType, ModuleType moduleType, String url, String username,
            String password, String name, String dataCenter, String department, int sort, BigDecimal minimalBalance) {

        @Override
        public String toString() {
            return "ModuleParameters[" + productType + ", " + url + ", " + username + ", " + name + "]";
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ProcessingModule> list(int page, int size) {
        return new Page<>(repository.listActive(page, size), page, size, repository.countActive());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ProcessingModule get(UUID id) {
        return repository.findActive(id).orElseThrow(() -> ProblemException.notFound("Processing module", id));
    }

    /** Balance alerts addressed to the module's department, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<BalanceAlert> alerts(UUID id, int page, int size) {
        get(id);
        var query = BalanceAlert.<BalanceAlert>find("moduleId", Sort.descending("createdAt"), id);
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }

    public ProcessingModule create(ModuleParameters parameters) {
        String url = upstream.url(parameters.url());
        requireServes(parameters.moduleType(), parameters.productType());
        requireAccountFree(parameters.productType(), url, parameters.username(), null);
        AccountBalance balance = upstream.check(new UpstreamConnection(url, parameters.username(), parameters.password()));

        UUID id = UUID.randomUUID();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                requireAccountFree(parameters.productType(), url, parameters.username(), null);
                Instant now = Instant.now(clock);
                ProcessingModule module = new ProcessingModule();
                module.id = id;
                module.createdAt = now;
                apply(module, parameters, url, balance.currency(), now);
                module.sealPassword(cipher.seal(id, parameters.password()));
                repository.persist(module);
                balanceWatch.record(module, balance);
                entityManager.flush();
                outbox.publish(ModuleEvents.TOPIC, ModuleEvents.CREATED, id.toString(), ModuleEvents.of(module));
                Log.infof("Processing module %s '%s' created for %s at %s", id, module.name, module.productType, url);
                return module;
            });
        } catch (PersistenceException e) {
            throw accountInUseOr(e, parameters.productType(), url, parameters.username());
        }
    }

    public ProcessingModule update(UUID id, long expectedVersion, ModuleParameters parameters) {
        String url = upstream.url(parameters.url());
        requireServes(parameters.moduleType(), parameters.productType());
        ProcessingModule current = get(id);
        boolean addressChanged = !url.equals(current.integrationUrl)
                || !parameters.username().equals(current.integrationUsername);
        if (addressChanged && parameters.password() == null) {
            // Stored credentials never follow a new address: whoever changes it types the password again.
            throw ProblemException.invalid("integration.password", "is required when integration.url or"
                    + " integration.username changes: the stored password is never sent to a new address");
        }
        requireVersion(current, expectedVersion);
        requireAccountFree(parameters.productType(), url, parameters.username(), id);

        boolean integrationChanged = addressChanged || parameters.password() != null;
        String password = parameters.password() != null ? parameters.password()
                : cipher.open(id, current.sealedPassword());
        AccountBalance balance = integrationChanged
                ? upstream.check(new UpstreamConnection(url, parameters.username(), password))
                : null;

        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                ProcessingModule module = get(id);
                requireVersion(module, expectedVersion);
                Instant now = Instant.now(clock);
                apply(module, parameters, url, balance != null ? balance.currency() : module.currency, now);
                if (parameters.password() != null || cipher.needsRotation(module.sealedPassword())) {
                    module.sealPassword(cipher.seal(id, password));
                }
                if (balance != null) {
                    balanceWatch.record(module, balance);
                }
                entityManager.flush();
                outbox.publish(ModuleEvents.TOPIC, ModuleEvents.UPDATED, id.toString(), ModuleEvents.of(module));
                Log.infof("Processing module %s '%s' updated (version %d)", id, module.name, module.version);
                return module;
            });
        } catch (PersistenceException e) {
            throw accountInUseOr(e, parameters.productType(), url, parameters.username());
        }
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion) {
        ProcessingModule module = get(id);
        if (expectedVersion != null) {
            requireVersion(module, expectedVersion);
        }
        long enabled = ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM module_enabled_tariff WHERE module_id = ?1")
                .setParameter(1, id).getSingleResult()).longValue();
        if (enabled > 0) {
            throw ProblemException.conflict("module-in-use", "Processing module " + id + " has " + enabled
                    + " tariff(s) enabled for sale; disable them before deleting the module");
        }
        module.deletedAt = Instant.now(clock);
        module.updatedAt = module.deletedAt;
        entityManager.flush();
        outbox.publish(ModuleEvents.TOPIC, ModuleEvents.DELETED, id.toString(), ModuleEvents.of(module));
        // The topic is compacted: the tombstone lets it forget the module once every consumer had time to see it.
        outbox.tombstone(ModuleEvents.TOPIC, id.toString());
        Log.infof("Processing module %s '%s' deleted", id, module.name);
    }

    /** Checks credentials against the upstream without storing anything. */
    public AccountCheck checkConnection(String url, String username, String password) {
        String normalized = upstream.url(url);
        UpstreamConnection connection = new UpstreamConnection(normalized, username, password);
        String login = upstream.login(connection);
        AccountBalance balance = upstream.check(connection);
        return new AccountCheck(login, balance);
    }

    public record AccountCheck(String account, AccountBalance balance) {
    }

    private void apply(ProcessingModule module, ModuleParameters p, String url, String currency, Instant now) {
        module.productType = p.productType();
        module.moduleType = p.moduleType();
        module.integrationUrl = url;
        module.integrationUsername = p.username();
        module.name = p.name().strip();
        module.dataCenter = blankToNull(p.dataCenter());
        module.department = blankToNull(p.department());
        module.sort = p.sort();
        module.minimalBalance = p.minimalBalance();
        module.currency = currency;
        module.updatedAt = now;
    }

    private void requireServes(ModuleType moduleType, ProductType productType) {
        if (!moduleType.serves(productType)) {
            throw ProblemException.invalid("productType", "module type " + moduleType.code() + " cannot serve "
                    + productType.code());
        }
    }

    private void requireAccountFree(ProductType productType, String url, String username, UUID exceptId) {
        repository.findSameAccount(productType, url, username, exceptId == null ? new UUID(0, 0) : exceptId)
                .ifPresent(other -> {
                    throw accountInUse(productType, url, username, other.id);
                });
    }

    private RuntimeException accountInUseOr(PersistenceException e, ProductType productType, String url, String username) {
        if (e instanceof OptimisticLockException) {
            return ProblemException.conflict("stale-version", "The processing module was changed by someone else"
                    + " at the same time; reload it and apply your change again");
        }
        if (String.valueOf(e.getCause()).contains("processing_module_account_uk")
                || String.valueOf(e.getMessage()).contains("processing_module_account_uk")) {
            return accountInUse(productType, url, username, null);
        }
        return e;
    }

    private static ProblemException accountInUse(ProductType productType, String url, String username, UUID otherId) {
        return ProblemException.conflict("upstream-account-in-use", "The upstream account " + username + " at " + url
                + " is already attached to " + (otherId == null ? "another processing module" : "processing module " + otherId)
                + " for " + productType.code() + ". One upstream account must serve one reselling installation only.");
    }

    private static void requireVersion(ProcessingModule module, long expectedVersion) {
        if (module.version != expectedVersion) {
            throw ProblemException.staleVersion("Processing module", module.id, expectedVersion, module.version);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
