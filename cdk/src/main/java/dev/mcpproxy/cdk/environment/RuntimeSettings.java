package dev.mcpproxy.cdk.environment;

import dev.mcpproxy.contracts.StackOutputs;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The AgentCore runtime: its name (the service allows no hyphens), session lifecycle, tracing, extra request
 * headers to pass through beside {@code Authorization}, and named endpoints besides the implicit DEFAULT.
 */
public record RuntimeSettings(
        String name,
        Integer idleSessionTimeoutSeconds,
        Integer maxLifetimeSeconds,
        Boolean tracing,
        List<String> extraRequestHeaders,
        List<Endpoint> endpoints) {

    public static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,255}");
    private static final Pattern ENDPOINT_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");
    /** The service allows at most 20 allowlisted headers; {@code Authorization} takes one slot. */
    public static final int MAX_EXTRA_HEADERS = 19;

    /** The service's limit on an endpoint description. */
    public static final int MAX_DESCRIPTION = 256;

    /**
     * A named runtime endpoint ({@code AWS::BedrockAgentCore::RuntimeEndpoint}) pinned to one runtime version.
     * DEFAULT always serves the newest version; a named endpoint moves only when its version here (or in the
     * {@code endpointVersions} context) changes.
     */
    public record Endpoint(String name, String description, Integer version) {
        void validate(String key, EnvironmentProblems problems) {
            problems.check(name != null && ENDPOINT_NAME.matcher(name).matches() && !name.equals("DEFAULT"), key + ".name",
                    "must match [a-zA-Z][a-zA-Z0-9_]{0,47} and must not be DEFAULT (that endpoint always exists)");
            problems.check(description == null || description.length() <= MAX_DESCRIPTION, key + ".description",
                    "at most " + MAX_DESCRIPTION + " characters (was " + (description == null ? 0 : description.length()) + ")");
            problems.check(version != null && version > 0, key + ".version",
                    "must be the runtime version (a positive integer) the endpoint is pinned to; 1 for a new environment");
        }

        public Endpoint withVersion(int newVersion) {
            return new Endpoint(name, description, newVersion);
        }

        /** {@code canary} becomes {@code Canary}, {@code blue_green} {@code BlueGreen}: the suffix of its outputs. */
        public String pascalName() {
            return StackOutputs.pascal(name);
        }
    }

    public RuntimeSettings {
        idleSessionTimeoutSeconds = idleSessionTimeoutSeconds == null ? 900 : idleSessionTimeoutSeconds;
        maxLifetimeSeconds = maxLifetimeSeconds == null ? 28800 : maxLifetimeSeconds;
        tracing = tracing == null ? Boolean.TRUE : tracing;
        extraRequestHeaders = extraRequestHeaders == null ? List.of() : List.copyOf(extraRequestHeaders);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** The same settings with endpoints moved to {@code versions} (endpoint name to runtime version). */
    public RuntimeSettings withEndpointVersions(Map<String, Integer> versions) {
        List<Endpoint> moved = endpoints.stream()
                .map(e -> versions.containsKey(e.name()) ? e.withVersion(versions.get(e.name())) : e)
                .toList();
        return new RuntimeSettings(name, idleSessionTimeoutSeconds, maxLifetimeSeconds, tracing, extraRequestHeaders, moved);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(null, null, null, null, null, null);
    }

    public void validate(String key, EnvironmentProblems problems) {
        problems.check(name == null || NAME.matcher(name).matches(), key + ".name",
                "must match [a-zA-Z][a-zA-Z0-9_]{0,47} (letters, digits, underscores; no hyphens)");
        checkSeconds(key + ".idleSessionTimeoutSeconds", idleSessionTimeoutSeconds, problems);
        checkSeconds(key + ".maxLifetimeSeconds", maxLifetimeSeconds, problems);
        problems.check(idleSessionTimeoutSeconds <= maxLifetimeSeconds, key + ".idleSessionTimeoutSeconds",
                "must not exceed maxLifetimeSeconds");
        problems.check(extraRequestHeaders.size() <= MAX_EXTRA_HEADERS, key + ".extraRequestHeaders",
                "at most " + MAX_EXTRA_HEADERS + " headers (the service allows 20 including Authorization)");
        for (int i = 0; i < extraRequestHeaders.size(); i++) {
            String header = extraRequestHeaders.get(i);
            String headerKey = key + ".extraRequestHeaders[" + i + "]";
            problems.check(HEADER.matcher(header).matches(), headerKey, "must be a header name starting with a letter");
            problems.check(!header.equalsIgnoreCase("Authorization"), headerKey, "Authorization is always allowlisted; remove it");
            String lower = header.toLowerCase();
            problems.check(!lower.startsWith("x-amz-") && (!lower.startsWith("x-amzn-")
                            || lower.startsWith("x-amzn-bedrock-agentcore-runtime-custom-")), headerKey,
                    "x-amz-* and x-amzn-* headers are blocked by the service, except X-Amzn-Bedrock-AgentCore-Runtime-Custom-*");
        }
        for (int i = 0; i < endpoints.size(); i++) {
            endpoints.get(i).validate(key + ".endpoints[" + i + "]", problems);
        }
        problems.check(endpoints.stream().map(Endpoint::name).distinct().count() == endpoints.size(), key + ".endpoints",
                "must not repeat an endpoint name");
        List<Endpoint> named = endpoints.stream().filter(e -> e.name() != null && ENDPOINT_NAME.matcher(e.name()).matches()).toList();
        problems.check(named.stream().map(Endpoint::pascalName).distinct().count() == named.size(), key + ".endpoints",
                "two endpoint names give the same output name (e.g. a_b and aB both give AB)");
    }

    private static void checkSeconds(String key, int seconds, EnvironmentProblems problems) {
        problems.check(seconds >= 60 && seconds <= 28800, key, "must be between 60 and 28800 seconds");
    }
}
