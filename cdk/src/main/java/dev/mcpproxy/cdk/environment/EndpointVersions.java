package dev.mcpproxy.cdk.environment;

import dev.mcpproxy.contracts.CdkContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code endpointVersions} context ({@code -c endpointVersions=canary=5,live=4}): the runtime version each named
 * endpoint is pinned to in this deployment, overriding {@code runtime.endpoints[].version} of the environment file.
 * This is how a promotion moves an endpoint without editing the file.
 */
public final class EndpointVersions {
    private static final Pattern ENTRY = Pattern.compile("([a-zA-Z][a-zA-Z0-9_]{0,47})=([1-9][0-9]{0,8})");

    private EndpointVersions() {
    }

    /** Parses the context value; {@code null} or blank means no override. */
    public static Map<String, Integer> parse(String value) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return versions;
        }
        for (String entry : value.split(",")) {
            Matcher matcher = ENTRY.matcher(entry.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException(CdkContext.ENDPOINT_VERSIONS + ": '" + entry.trim()
                        + "' is not <endpoint>=<version> with a positive version, e.g. canary=5,live=4");
            }
            if (versions.put(matcher.group(1), Integer.parseInt(matcher.group(2))) != null) {
                throw new IllegalArgumentException(CdkContext.ENDPOINT_VERSIONS + ": endpoint '" + matcher.group(1) + "' is given twice");
            }
        }
        return versions;
    }

    /** The environment with its endpoints moved; every overridden endpoint must be one it declares. */
    public static LoadedEnvironment apply(LoadedEnvironment loaded, Map<String, Integer> versions) {
        if (versions.isEmpty()) {
            return loaded;
        }
        DeploymentEnvironment environment = loaded.definition();
        List<String> declared = environment.runtime().endpoints().stream().map(RuntimeSettings.Endpoint::name).toList();
        versions.keySet().forEach(name -> {
            if (!declared.contains(name)) {
                throw new IllegalArgumentException(CdkContext.ENDPOINT_VERSIONS + ": environment '" + environment.name() + "' has no endpoint '" + name
                        + "' (runtime.endpoints: " + declared + ")");
            }
        });
        return new LoadedEnvironment(environment.withRuntime(environment.runtime().withEndpointVersions(versions)),
                loaded.proxyConfig());
    }
}
