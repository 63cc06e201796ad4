package dev.mcpproxy.proxy.server;

import dev.mcpproxy.contracts.ProxyContainer;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.net.URI;
import java.util.List;

/**
 * The {@code server} section: where and how the proxy serves MCP.
 *
 * @param allowedOrigins   {@code Origin} values accepted on the MCP endpoint; a request without
 *                         {@code Origin} is always accepted (non-browser clients send none)
 * @param maxJsonDepth     nesting levels a request body may have (every parser and tree walker on
 *                         the request path relies on it)
 * @param maxJsonTokens    JSON tokens a request body may have: bounds the parsed tree, which for
 *                         tiny containers is far larger than the body
 * @param maxBodyBytesInFlight request body bytes all POSTs being served may hold together; beyond
 *                         it a request is turned away at once (503) instead of stalling the process
 * @param readTimeoutSeconds  time a client may take to send the request headers, and between two
 *                         pieces of the body or of its reading of the answer
 */
public record ServerConfig(String host, Integer port, String path, SessionMode sessionMode, Long maxRequestBytes,
                           List<String> allowedOrigins, Integer shutdownGraceSeconds, String healthPath,
                           Integer sessionIdleSeconds, Integer maxJsonDepth, Integer maxJsonTokens,
                           Long maxBodyBytesInFlight, Integer readTimeoutSeconds) {

    public static final ServerConfig DEFAULTS = new ServerConfig(null, null, null, null, null, null, null, null, null);

    public ServerConfig {
        host = host == null ? "0.0.0.0" : host;
        port = port == null ? ProxyContainer.PORT : port;
        path = path == null ? ProxyContainer.MCP_PATH : path;
        sessionMode = sessionMode == null ? SessionMode.STATELESS : sessionMode;
        maxRequestBytes = maxRequestBytes == null ? 4L * 1024 * 1024 : maxRequestBytes;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        shutdownGraceSeconds = shutdownGraceSeconds == null ? 10 : shutdownGraceSeconds;
        healthPath = healthPath == null ? "/health" : healthPath;
        sessionIdleSeconds = sessionIdleSeconds == null ? 3600 : sessionIdleSeconds;
        maxJsonDepth = maxJsonDepth == null ? 64 : maxJsonDepth;
        maxJsonTokens = maxJsonTokens == null ? 200_000 : maxJsonTokens;
        maxBodyBytesInFlight = maxBodyBytesInFlight == null ? 64L * 1024 * 1024 : maxBodyBytesInFlight;
        readTimeoutSeconds = readTimeoutSeconds == null ? 30 : readTimeoutSeconds;
    }

    /** The limits as they were before the hostile-input bounds: each of those takes its default. */
    public ServerConfig(String host, Integer port, String path, SessionMode sessionMode, Long maxRequestBytes,
                        List<String> allowedOrigins, Integer shutdownGraceSeconds, String healthPath,
                        Integer sessionIdleSeconds) {
        this(host, port, path, sessionMode, maxRequestBytes, allowedOrigins, shutdownGraceSeconds, healthPath,
                sessionIdleSeconds, null, null, null, null);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, path, sessionMode, maxRequestBytes, allowedOrigins,
                shutdownGraceSeconds, healthPath, sessionIdleSeconds, maxJsonDepth, maxJsonTokens,
                maxBodyBytesInFlight, readTimeoutSeconds);
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(!host.isBlank(), key + ".host", "must not be empty");
        problems.check(port >= 0 && port <= 65535, key + ".port", "must be between 0 and 65535");
        problems.check(isAbsolutePath(path), key + ".path", "must start with '/'");
        problems.check(isAbsolutePath(healthPath), key + ".healthPath", "must start with '/'");
        problems.check(!healthPath.equals(path), key + ".healthPath", "must differ from server.path");
        problems.check(maxRequestBytes >= 1024, key + ".maxRequestBytes", "must be at least 1024");
        problems.check(shutdownGraceSeconds >= 0, key + ".shutdownGraceSeconds", "must not be negative");
        problems.check(sessionIdleSeconds > 0, key + ".sessionIdleSeconds", "must be positive");
        problems.check(maxJsonDepth >= 8 && maxJsonDepth <= 400, key + ".maxJsonDepth", "must be between 8 and 400");
        problems.check(maxJsonTokens >= 1000, key + ".maxJsonTokens", "must be at least 1000");
        problems.check(maxBodyBytesInFlight >= maxRequestBytes && maxBodyBytesInFlight <= Integer.MAX_VALUE,
                key + ".maxBodyBytesInFlight", "must be at least server.maxRequestBytes and at most 2147483647");
        problems.check(readTimeoutSeconds > 0, key + ".readTimeoutSeconds", "must be positive");
        for (int i = 0; i < allowedOrigins.size(); i++) {
            String origin = allowedOrigins.get(i);
            problems.check(origin != null && isOrigin(origin), key + ".allowedOrigins[" + i + "]",
                    "must be an origin like https://app.example.com (scheme, host, optional port)");
        }
    }

    private static boolean isAbsolutePath(String p) {
        return p != null && p.startsWith("/");
    }

    private static boolean isOrigin(String origin) {
        try {
            URI uri = URI.create(origin);
            return uri.getScheme() != null && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty())
                    && uri.getQuery() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
