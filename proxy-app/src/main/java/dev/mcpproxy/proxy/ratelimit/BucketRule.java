package dev.mcpproxy.proxy.ratelimit;

import dev.mcpproxy.proxy.config.Glob;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.identity.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A {@link BucketConfig} made ready for the request path: matchers compiled, key built per request. */
final class BucketRule {
    private final String name;
    private final Limit limit;
    private final List<KeyDimension> keyBy;
    private final Set<String> methods;
    private final List<Pattern> tools;
    private final Set<String> upstreams;

    BucketRule(BucketConfig config) {
        this.name = config.name();
        this.limit = config.limit();
        this.keyBy = config.keyBy();
        this.methods = Set.copyOf(config.methods());
        this.tools = config.tools().stream().map(Glob::toPattern).toList();
        this.upstreams = Set.copyOf(config.upstreams());
    }

    String name() {
        return name;
    }

    Limit limit() {
        return limit;
    }

    boolean matches(Exchange exchange) {
        if (!methods.contains(exchange.method())) {
            return false;
        }
        if (!upstreams.isEmpty() && (exchange.upstream() == null || !upstreams.contains(exchange.upstream()))) {
            return false;
        }
        return tools.isEmpty() || (exchange.target() != null
                && tools.stream().anyMatch(tool -> tool.matcher(exchange.target()).matches()));
    }

    /**
     * {@code name|dimension values}, each value length-prefixed so no value can imitate another key.
     * A resource URI is the caller's free text: it enters as its SHA-256, so that no personal data
     * in it is stored and no length of it exceeds the store's key limit (DynamoDB's 2048 bytes,
     * which would make the store unavailable and, failing open, admit the call).
     */
    String key(Exchange exchange) {
        StringBuilder key = new StringBuilder(name);
        Principal principal = exchange.principal();
        for (KeyDimension dimension : keyBy) {
            String value = switch (dimension) {
                case PRINCIPAL -> principal == null ? null : principal.id();
                case CLIENT -> principal == null ? null : principal.clientId();
                case TOOL -> exchange.target() == null ? exchange.method()
                        : Exchange.targetsResourceUri(exchange.method()) ? digest(exchange.target()) : exchange.target();
                case UPSTREAM -> exchange.upstream();
            };
            String part = value == null ? "" : value;
            key.append('|').append(part.length()).append(':').append(part);
        }
        return key.toString();
    }

    private static String digest(String uri) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
