package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.Map;
import java.util.Set;

/**
 * The {@code pii.results} section: personal data an upstream sends toward a caller (results and
 * server-to-client messages). A caller granted detokenization (see {@link DetokenizeAuthorizer})
 * sees what {@code tokenize} would hide; {@code redact} hides from everyone, {@code allow} from nobody.
 *
 * @param enabled whether upstream data is scanned at all (default true)
 * @param actions detector name to action ({@code tokenize}, {@code redact}, {@code allow}),
 *                overriding the detectors' own actions ({@code block} counts as {@code redact} here)
 * @param methods per-path rules, keyed by method (see {@link PiiPaths#OUTBOUND})
 */
public record PiiResultsConfig(Boolean enabled, Map<String, String> actions, Map<String, PiiMethodConfig> methods) {
    static final Set<PiiAction> ACTIONS = Set.of(PiiAction.TOKENIZE, PiiAction.REDACT, PiiAction.ALLOW);

    public PiiResultsConfig {
        enabled = enabled == null || enabled;
        actions = actions == null ? Map.of() : Map.copyOf(actions);
        methods = methods == null ? Map.of() : Map.copyOf(methods);
    }

    public static PiiResultsConfig defaults() {
        return new PiiResultsConfig(null, null, null);
    }

    void validate(String key, ConfigProblems problems, Set<String> detectors) {
        actions.forEach((detector, action) -> {
            String actionKey = key + ".actions." + detector;
            if (problems.check(PiiAction.isName(action), actionKey, "must be one of tokenize, redact, allow")) {
                PiiMethodConfig.checkAction(actionKey, detector, action, detectors, ACTIONS, problems);
            }
        });
        methods.forEach((method, config) -> {
            String methodKey = key + ".methods." + method;
            if (problems.check(PiiPaths.OUTBOUND.contains(method), methodKey,
                    "not a path upstream data takes; one of " + String.join(", ", PiiPaths.OUTBOUND))) {
                config.validate(methodKey, problems, detectors, PiiPaths.NAMED_ITEMS.contains(method), ACTIONS);
            }
        });
    }
}
