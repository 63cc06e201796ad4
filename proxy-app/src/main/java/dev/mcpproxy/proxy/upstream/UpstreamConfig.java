package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.federation.FederatedUpstream;
import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthConfig;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One upstream MCP server (an item of {@code upstreams:}). Absent values get defaults.
 *
 * @param name             unique name, used in logs, health, errors and routing
 * @param url              the Streamable HTTP endpoint, e.g. {@code http://localhost:3001/mcp}
 * @param required         when true the proxy does not start while this upstream is down
 * @param connectTimeoutMs TCP/TLS connect timeout
 * @param requestTimeoutMs time allowed for one complete answer, including a streamed one
 * @param maxResponseBytes largest answer accepted; a bigger one is an error, never buffered whole
 * @param toolPrefix       optional prefix for tool and prompt names ({@code prefix + separator + name})
 * @param include          globs ({@code *}, {@code ?}) of upstream tool names to expose; empty = all
 * @param exclude          globs of upstream tool names to hide; applied after {@code include}
 * @param auth             how the proxy authenticates to this upstream (never with the caller's token)
 * @param resilience       circuit breaker, bulkhead, retries and per-tool timeouts for this upstream
 * @param protocol         the MCP era it speaks: {@code auto} (probe with {@code server/discover}, fall
 *                         back to the 2025 handshake), {@code 2026-07-28}, or a 2025 version to ask for
 */
public record UpstreamConfig(String name, String url, Boolean required, Integer connectTimeoutMs,
                             Integer requestTimeoutMs, Long maxResponseBytes, String toolPrefix,
                             List<String> include, List<String> exclude, UpstreamAuthConfig auth,
                             ResilienceConfig resilience, String protocol) implements FederatedUpstream {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.*?-]+");

    public UpstreamConfig {
        required = required != null && required;
        connectTimeoutMs = connectTimeoutMs == null ? DEFAULT_CONNECT_TIMEOUT_MS : connectTimeoutMs;
        requestTimeoutMs = requestTimeoutMs == null ? DEFAULT_REQUEST_TIMEOUT_MS : requestTimeoutMs;
        maxResponseBytes = maxResponseBytes == null ? DEFAULT_MAX_RESPONSE_BYTES : maxResponseBytes;
        toolPrefix = toolPrefix == null || toolPrefix.isEmpty() ? null : toolPrefix;
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        auth = auth == null ? UpstreamAuthConfig.NONE : auth;
        resilience = resilience == null ? ResilienceConfig.DEFAULTS : resilience;
        protocol = protocol == null ? UpstreamEra.AUTO : protocol;
    }

    /** An upstream with every optional value at its default (the {@code --upstream NAME=URL} quick path). */
    public static UpstreamConfig of(String name, String url) {
        return new UpstreamConfig(name, url, null, null, null, null, null, null, null, null, null, null);
    }

    public UpstreamConfig withToolPrefix(String prefix) {
        return new UpstreamConfig(name, url, required, connectTimeoutMs, requestTimeoutMs, maxResponseBytes,
                prefix, include, exclude, auth, resilience, protocol);
    }

    public UpstreamConfig withTimeouts(int connectMs, int requestMs) {
        return new UpstreamConfig(name, url, required, connectMs, requestMs, maxResponseBytes, toolPrefix,
                include, exclude, auth, resilience, protocol);
    }

    public UpstreamConfig withMaxResponseBytes(long bytes) {
        return new UpstreamConfig(name, url, required, connectTimeoutMs, requestTimeoutMs, bytes, toolPrefix,
                include, exclude, auth, resilience, protocol);
    }

    public UpstreamConfig withFilter(List<String> includeGlobs, List<String> excludeGlobs) {
        return new UpstreamConfig(name, url, required, connectTimeoutMs, requestTimeoutMs, maxResponseBytes,
                toolPrefix, includeGlobs, excludeGlobs, auth, resilience, protocol);
    }

    public UpstreamConfig withRequired(boolean value) {
        return new UpstreamConfig(name, url, value, connectTimeoutMs, requestTimeoutMs, maxResponseBytes,
                toolPrefix, include, exclude, auth, resilience, protocol);
    }

    public UpstreamConfig withProtocol(String value) {
        return new UpstreamConfig(name, url, required, connectTimeoutMs, requestTimeoutMs, maxResponseBytes,
                toolPrefix, include, exclude, auth, resilience, value);
    }

    public URI uri() {
        return URI.create(url);
    }

    /** Checks this upstream; {@code key} is its full key, e.g. {@code upstreams[1]}. */
    public void validate(String key, ConfigProblems problems) {
        if (problems.check(name != null, key + ".name", "is required")) {
            problems.check(NAME.matcher(name).matches(), key + ".name",
                    "must be 1-64 characters of letters, digits, '_' or '-'");
        }
        if (problems.check(url != null, key + ".url", "is required")) {
            problems.check(isHttpUrl(url), key + ".url", "must be an absolute http(s) URL");
        }
        problems.check(connectTimeoutMs > 0, key + ".connectTimeoutMs", "must be positive");
        problems.check(requestTimeoutMs > 0, key + ".requestTimeoutMs", "must be positive");
        problems.check(maxResponseBytes >= 1024, key + ".maxResponseBytes", "must be at least 1024");
        if (toolPrefix != null) {
            problems.check(PREFIX.matcher(toolPrefix).matches(), key + ".toolPrefix",
                    "must be 1-32 characters of letters, digits, '_', '.' or '-'");
        }
        validateGlobs(key + ".include", include, problems);
        validateGlobs(key + ".exclude", exclude, problems);
        auth.validate(key + ".auth", problems);
        resilience.validate(key + ".resilience", problems);
        problems.check(UpstreamEra.CHOICES.contains(protocol), key + ".protocol",
                "must be one of " + String.join(", ", UpstreamEra.CHOICES));
    }

    /** Checks every upstream and that names are unique; {@code key} is the list's key, e.g. {@code upstreams}. */
    public static void validateAll(String key, List<UpstreamConfig> upstreams, ConfigProblems problems) {
        if (upstreams == null || upstreams.isEmpty()) {
            problems.add(key, "at least one upstream is required");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < upstreams.size(); i++) {
            UpstreamConfig upstream = upstreams.get(i);
            String itemKey = key + "[" + i + "]";
            if (upstream == null) {
                problems.add(itemKey, "must not be empty");
                continue;
            }
            upstream.validate(itemKey, problems);
            if (upstream.name() != null && !names.add(upstream.name())) {
                problems.add(itemKey + ".name", "duplicate upstream name '" + upstream.name() + "'");
            }
        }
    }

    private static void validateGlobs(String key, List<String> globs, ConfigProblems problems) {
        for (int i = 0; i < globs.size(); i++) {
            String glob = globs.get(i);
            problems.check(glob != null && GLOB.matcher(glob).matches(), key + "[" + i + "]",
                    "must be a glob of tool-name characters, '*' and '?'");
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
