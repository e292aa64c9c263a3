package io.resellhub.module.service;

import java.util.Optional;
import java.util.UUID;

import io.resellhub.module.domain.ProcessingModule;
import io.resellhub.module.domain.ProcessingModuleRepository;
import io.resellhub.module.upstream.UpstreamConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Opens a module's sealed credentials into an upstream connection, only at the moment of a call. */
@ApplicationScoped
public class ModuleConnections {

    private final ProcessingModuleRepository repository;
    private final CredentialCipher cipher;

    public ModuleConnections(ProcessingModuleRepository repository, CredentialCipher cipher) {
        this.repository = repository;
        this.cipher = cipher;
    }

    /** The connection of a module, deleted ones included: services sold through them still need managing. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UpstreamConnection> of(UUID moduleId) {
        ProcessingModule module = repository.findById(moduleId);
        return module == null ? Optional.empty() : Optional.of(of(module));
    }

    public UpstreamConnection of(ProcessingModule module) {
        return new UpstreamConnection(module.integrationUrl, module.integrationUsername,
                cipher.open(module.id, module.sealedPassword()));
    }
}
