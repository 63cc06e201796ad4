package dev.mcpproxy.proxy.governance.policy;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.time.Clock;

/** Policy stages for benchmarks outside this package: the unoptimized reference next to the real one. */
public final class PolicyStages {
    private PolicyStages() {
    }

    /** A stage deciding with the whole policy set, all entities and no cache. */
    public static PolicyStage reference(PolicyConfig config, ItemOrigins origins) {
        ConfigProblems problems = new ConfigProblems();
        CedarPolicyLoader.Loaded loaded = CedarPolicyLoader.load(config, "policy", problems);
        problems.throwIfAny();
        return new PolicyStage(new ReferenceAuthorizer(loaded.policies()), config, origins, Clock.systemUTC());
    }
}
