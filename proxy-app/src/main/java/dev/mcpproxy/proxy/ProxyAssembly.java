package dev.mcpproxy.proxy;

import dev.mcpproxy.proxy.audit.AuditTrail;
import dev.mcpproxy.proxy.audit.AuditTrails;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.governance.RelayGuard;
import dev.mcpproxy.proxy.governance.pii.PiiStage;
import dev.mcpproxy.proxy.governance.policy.ItemOrigins;
import dev.mcpproxy.proxy.governance.policy.PolicyStage;
import dev.mcpproxy.proxy.governance.validation.ValidationStage;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.identity.CallerAuthenticators;
import dev.mcpproxy.proxy.ratelimit.RateLimitCounters;
import dev.mcpproxy.proxy.ratelimit.RateLimitStage;
import dev.mcpproxy.proxy.ratelimit.RateLimitStore;
import dev.mcpproxy.proxy.ratelimit.RateLimitStores;
import dev.mcpproxy.proxy.resilience.CircuitState;
import dev.mcpproxy.proxy.resilience.UpstreamGuards;
import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import dev.mcpproxy.proxy.telemetry.Telemetry;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamRegistry;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthException;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthFactory;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the validated configuration asks for around the request path: caller
 * authentication, the governance chain (rate limits, policy, validation, PII, the audit trail
 * wrapped around them by the chain), upstream credentials and resilience guards. Owns what must be closed after the server.
 */
public final class ProxyAssembly implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyAssembly.class);

    private final ProxyConfig config;
    private final AtomicReference<UpstreamRegistry> registry = new AtomicReference<>();
    private final UpstreamAuthFactory upstreamAuth = UpstreamAuthFactory.standard();
    private final Map<String, UpstreamAuthenticator> authenticators = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final CallerAuthenticator callerAuthenticator;
    private final ValidationStage validation;
    private final GovernanceChain chain;
    /** The audit trail, or null when auditing is off. */
    private final AuditTrail audit;

    private ProxyAssembly(ProxyConfig config) throws UpstreamAuthException {
        this.config = config;
        // The slow parts (native Cedar library, Tink, phone metadata, OIDC discovery) load side by
        // side: startup time is what a new AgentCore session waits for.
        Future<PolicyStage> policy = begin(() -> PolicyStage.create(config.policy(),
                ItemOrigins.fromCatalog(() -> registry.get().catalog())));
        // Policy may grant detokenization (Cedar action detokenize); it is asked once both have loaded.
        AtomicReference<PolicyStage> detokenizePolicy = new AtomicReference<>();
        Future<Optional<PiiStage>> pii = begin(() -> PiiStage.create(config.pii(), exchange -> {
            PolicyStage loaded = detokenizePolicy.get();
            return loaded != null && loaded.permitsDetokenize(exchange);
        }));
        Future<CallerAuthenticator> caller = begin(() -> CallerAuthenticators.create(config.identity()));
        closeables.add(upstreamAuth);
        for (UpstreamConfig upstream : config.upstreams()) {
            authenticators.put(upstream.name(), upstreamAuth.create(upstream.name(), upstream.uri(), upstream.auth()));
        }
        List<GovernanceStage> stages = new ArrayList<>();
        if (!config.rateLimits().buckets().isEmpty()) {
            RateLimitStore store = RateLimitStores.create(config.rateLimits());
            closeables.add(store);
            stages.add(new RateLimitStage(config.rateLimits(), store, new RateLimitCounters()));
        }
        PolicyStage policyStage = join(policy);
        if (policyStage != null) {
            stages.add(policyStage);
            detokenizePolicy.set(policyStage);
        }
        validation = ValidationStage.create(config.validation());
        if (validation != null) {
            stages.add(validation);
        }
        Optional<PiiStage> piiStage = join(pii);
        piiStage.ifPresent(stages::add);
        callerAuthenticator = join(caller);
        audit = AuditTrails.create(config.audit());
        if (audit != null) {
            // Closed first of all: events of the last requests are drained before anything else stops.
            closeables.addFirst(audit);
        }
        chain = new GovernanceChain(stages, piiStage.<List<RelayGuard>>map(List::of).orElse(List.of()), audit);
    }

    private static <T> Future<T> begin(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread.ofVirtual().name("assemble").start(future);
        return future;
    }

    /** The task's result, its unchecked failure rethrown as it was. */
    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting", e);
        }
    }

    /**
     * Builds every component; a credential or keyset that cannot be loaded fails here, before the
     * proxy listens.
     */
    public static ProxyAssembly create(ProxyConfig config) throws UpstreamAuthException {
        return new ProxyAssembly(config);
    }

    /** Discovers the upstreams and starts listening, governed as configured. */
    public ProxyApplication start() throws Exception {
        return start(null);
    }

    /** As {@link #start()}, with {@code telemetry} instead of the configured one when not null (tests). */
    public ProxyApplication start(Telemetry telemetry) throws Exception {
        Map<String, ResilienceConfig> resilience = new LinkedHashMap<>();
        config.upstreams().forEach(upstream -> resilience.put(upstream.name(), upstream.resilience()));
        UpstreamGuards guards = new UpstreamGuards(resilience);
        ProxyApplication application = ProxyApplication.builder(config)
                .callerAuthenticator(callerAuthenticator)
                .governance(chain)
                .telemetry(telemetry)
                .upstreamAuthenticators(upstream -> authenticators.getOrDefault(upstream.name(), UpstreamAuthenticator.NONE))
                .upstreamGuards(guards)
                .onRegistry(created -> {
                    registry.set(created);
                    if (validation != null) {
                        created.addChangeListener((catalog, changed) -> validation.onCatalogChanged());
                    }
                })
                .start();
        upstreamAuth.onTokenRefreshed(application.telemetry().metrics()::tokenRefresh);
        guards.circuitStates().keySet().forEach(upstream -> application.telemetry().metrics()
                .circuitState(upstream, () -> guards.guard(upstream).circuitState() == CircuitState.OPEN));
        if (audit != null) {
            application.telemetry().metrics().auditEventsDropped(audit::droppedEvents);
        }
        return application;
    }

    /** Closes the audit trail (draining it), rate-limit store and credential refreshers; call after the server stopped. */
    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Close failed: {}", e.toString());
            }
        }
    }
}
