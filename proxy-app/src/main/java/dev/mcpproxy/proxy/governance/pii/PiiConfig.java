package dev.mcpproxy.proxy.governance.pii;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code pii} section: detectors and their actions, per-tool rules, the keyset, and who may
 * see restored values.
 *
 * @param enabled     whether the stage runs at all (default true)
 * @param keyset      where the tokenization keyset comes from
 * @param phoneRegion region whose national phone formats are recognised (default {@code US});
 *                    international numbers ({@code +...}) are recognised whatever it is
 * @param scanNumbers whether numeric argument values are scanned too (default false)
 * @param detectors   built-in actions to override and custom detectors
 * @param tools       per-tool rules
 * @param detokenize  who gets raw values back (default nobody)
 * @param methods     per-path rules for data clients send, keyed by method (see {@link PiiPaths#INBOUND})
 * @param results     what happens to personal data upstreams send
 * @param maxTokenizedBytes size the request's params may have after tokenization (a token is several
 *                    times longer than the value it replaces); beyond it the call is refused
 */
public record PiiConfig(Boolean enabled, PiiKeysetConfig keyset, String phoneRegion, Boolean scanNumbers,
                        List<PiiDetectorConfig> detectors, List<PiiToolConfig> tools, PiiDetokenizeConfig detokenize,
                        Map<String, PiiMethodConfig> methods, PiiResultsConfig results, Long maxTokenizedBytes) {

    /** Actions of the built-in detectors when configuration says nothing. */
    public static final Map<String, PiiAction> DEFAULT_ACTIONS = defaultActions();

    public PiiConfig {
        enabled = enabled == null || enabled;
        keyset = keyset == null ? PiiKeysetConfig.fromEnvironment() : keyset;
        phoneRegion = phoneRegion == null ? "US" : phoneRegion;
        scanNumbers = scanNumbers != null && scanNumbers;
        detectors = detectors == null ? List.of() : List.copyOf(detectors);
        tools = tools == null ? List.of() : List.copyOf(tools);
        detokenize = detokenize == null ? PiiDetokenizeConfig.nobody() : detokenize;
        methods = methods == null ? Map.of() : Map.copyOf(methods);
        results = results == null ? PiiResultsConfig.defaults() : results;
        maxTokenizedBytes = maxTokenizedBytes == null ? 8L * 1024 * 1024 : maxTokenizedBytes;
    }

    /** Every path at its defaults. */
    public PiiConfig(Boolean enabled, PiiKeysetConfig keyset, String phoneRegion, Boolean scanNumbers,
                     List<PiiDetectorConfig> detectors, List<PiiToolConfig> tools, PiiDetokenizeConfig detokenize) {
        this(enabled, keyset, phoneRegion, scanNumbers, detectors, tools, detokenize, null, null, null);
    }

    /** All built-in detectors with their default actions, keyset from the environment, nobody detokenizes. */
    public static PiiConfig defaults() {
        return new PiiConfig(null, null, null, null, null, null, null, null, null, null);
    }

    public void validate(String key, ConfigProblems problems) {
        keyset.validate(key + ".keyset", problems);
        problems.check(PhoneNumberUtil.getInstance().getSupportedRegions().contains(phoneRegion), key + ".phoneRegion",
                "must be an ISO 3166 region code libphonenumber knows, e.g. US, GB, DE");
        Set<String> names = new HashSet<>(PiiScanner.BUILT_IN);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < detectors.size(); i++) {
            PiiDetectorConfig detector = detectors.get(i);
            String detectorKey = key + ".detectors[" + i + "]";
            detector.validate(detectorKey, problems);
            if (detector.name() != null) {
                problems.check(seen.add(detector.name()), detectorKey + ".name", "listed twice");
                names.add(detector.name());
            }
        }
        Set<String> toolNames = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            PiiToolConfig tool = tools.get(i);
            String toolKey = key + ".tools[" + i + "]";
            tool.validate(toolKey, problems);
            problems.check(tool.name() == null || toolNames.add(tool.name()), toolKey + ".name", "listed twice");
            for (String detector : tool.actions().keySet()) {
                problems.check(names.contains(detector), toolKey + ".actions." + detector, "no such detector");
            }
        }
        detokenize.validate(key + ".detokenize", problems);
        problems.check(maxTokenizedBytes >= 1024, key + ".maxTokenizedBytes", "must be at least 1024");
        methods.forEach((method, config) -> {
            String methodKey = key + ".methods." + method;
            if (problems.check(PiiPaths.INBOUND.contains(method), methodKey,
                    "not a path client data takes; one of " + String.join(", ", PiiPaths.INBOUND))) {
                config.validate(methodKey, problems, names, PiiPaths.NAMED_ITEMS.contains(method),
                        EnumSet.allOf(PiiAction.class));
            }
        });
        for (PiiToolConfig item : methods.getOrDefault(PiiPaths.TOOLS_CALL, PiiMethodConfig.DEFAULT).items()) {
            problems.check(item.name() == null || !toolNames.contains(item.name()),
                    key + ".methods.tools/call.items", item.name() + " has rules in " + key + ".tools already");
        }
        results.validate(key + ".results", problems, names);
    }

    /** Each detector's action outside per-tool rules. */
    Map<String, PiiAction> actions() {
        Map<String, PiiAction> actions = new LinkedHashMap<>(DEFAULT_ACTIONS);
        for (PiiDetectorConfig detector : detectors) {
            if (detector.action() != null) {
                actions.put(detector.name(), PiiAction.named(detector.action()));
            } else {
                actions.putIfAbsent(detector.name(), PiiAction.TOKENIZE);
            }
        }
        return actions;
    }

    private static Map<String, PiiAction> defaultActions() {
        Map<String, PiiAction> actions = new LinkedHashMap<>();
        for (String name : List.of("email", "phone", "card", "ssn", "iban")) {
            actions.put(name, PiiAction.TOKENIZE);
        }
        actions.put("ipv4", PiiAction.ALLOW);
        actions.put("ipv6", PiiAction.ALLOW);
        actions.put("awskey", PiiAction.REDACT);
        return Collections.unmodifiableMap(actions);
    }
}
