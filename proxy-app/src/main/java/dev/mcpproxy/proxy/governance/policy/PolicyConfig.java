package dev.mcpproxy.proxy.governance.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.List;

/**
 * The {@code policy:} section: Cedar authorization.
 *
 * @param enabled          evaluate policies at all (default false: everything is permitted)
 * @param policies         Cedar policy files or directories of {@code *.cedar} files; a
 *                         {@code classpath:} prefix reads a resource shipped in the jar
 * @param schema           the Cedar schema the policies are validated against at startup
 * @param mode             {@code enforce}, or {@code shadow} to evaluate and audit without enforcing
 * @param exposePolicyIds  tell a denied caller which policies decided (off: no policy internals)
 * @param decisionCacheSize how many recent decisions to remember (default 10000, 0: none); a decision
 *                         is reused only for exactly the same request as far as the policies can see
 */
public record PolicyConfig(Boolean enabled, List<String> policies, String schema, Mode mode, Boolean exposePolicyIds,
                           Integer decisionCacheSize) {

    static final int DEFAULT_DECISION_CACHE_SIZE = 10_000;

    public static final PolicyConfig DISABLED = new PolicyConfig(false, null, null, null, null);

    /** The bundled policy set for the {@code demo} upstream ({@code --demo}). */
    public static final PolicyConfig DEMO = new PolicyConfig(true, List.of("classpath:governance/demo-policies.cedar"),
            "classpath:governance/mcp.cedarschema", Mode.ENFORCE, false);

    /** Without {@code decisionCacheSize}: the default cache. */
    public PolicyConfig(Boolean enabled, List<String> policies, String schema, Mode mode, Boolean exposePolicyIds) {
        this(enabled, policies, schema, mode, exposePolicyIds, null);
    }

    public enum Mode {
        @JsonProperty("enforce") ENFORCE,
        @JsonProperty("shadow") SHADOW
    }

    public PolicyConfig {
        enabled = enabled != null && enabled;
        policies = policies == null ? List.of() : List.copyOf(policies);
        mode = mode == null ? Mode.ENFORCE : mode;
        exposePolicyIds = exposePolicyIds != null && exposePolicyIds;
        decisionCacheSize = decisionCacheSize == null ? DEFAULT_DECISION_CACHE_SIZE : decisionCacheSize;
    }

    public void validate(String key, ConfigProblems problems) {
        if (!enabled) {
            return;
        }
        problems.check(!policies.isEmpty(), key + ".policies", "list at least one Cedar policy file or directory");
        problems.check(schema != null && !schema.isBlank(), key + ".schema",
                "required: policies are validated against a Cedar schema");
        problems.check(decisionCacheSize >= 0, key + ".decisionCacheSize", "must be 0 (no cache) or more");
        for (int i = 0; i < policies.size(); i++) {
            problems.check(!policies.get(i).isBlank(), key + ".policies[" + i + "]", "must not be blank");
        }
    }
}
