package dev.mcpproxy.proxy.resilience;

import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import dev.mcpproxy.proxy.upstream.UpstreamException;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The guards of all upstreams, by upstream name. The request path wraps each upstream call:
 * {@code guards.execute(route.upstream(), toolName, Idempotency.isIdempotent(method, descriptor),
 * () -> connection.request(message, sink))}.
 */
public final class UpstreamGuards {
    private final Map<String, UpstreamGuard> guards;

    /** @param configs each upstream's resilience settings, by upstream name */
    public UpstreamGuards(Map<String, ResilienceConfig> configs) {
        this(configs, Clock.systemUTC(), Sleeper.THREAD);
    }

    UpstreamGuards(Map<String, ResilienceConfig> configs, Clock clock, Sleeper sleeper) {
        Map<String, UpstreamGuard> built = new LinkedHashMap<>();
        configs.forEach((upstream, config) -> built.put(upstream, new UpstreamGuard(upstream, config, clock, sleeper)));
        this.guards = Map.copyOf(built);
    }

    public <T> T execute(String upstream, String tool, boolean idempotent, UpstreamCall<T> call)
            throws UpstreamException {
        UpstreamGuard guard = guards.get(upstream);
        return guard == null ? call.call() : guard.execute(tool, idempotent, call);
    }

    public <T> T execute(String upstream, boolean idempotent, UpstreamCall<T> call) throws UpstreamException {
        return execute(upstream, null, idempotent, call);
    }

    public UpstreamGuard guard(String upstream) {
        return guards.get(upstream);
    }

    /** Why the latest call to each upstream failed, for those whose latest call did (health endpoint). */
    public Map<String, String> lastFailures() {
        Map<String, String> failures = new LinkedHashMap<>();
        guards.forEach((upstream, guard) -> {
            String failure = guard.lastFailure();
            if (failure != null) {
                failures.put(upstream, failure);
            }
        });
        return failures;
    }

    /** Each upstream's circuit state, for the health endpoint. */
    public Map<String, CircuitState> circuitStates() {
        Map<String, CircuitState> states = new LinkedHashMap<>();
        guards.forEach((upstream, guard) -> states.put(upstream, guard.circuitState()));
        return states;
    }
}
