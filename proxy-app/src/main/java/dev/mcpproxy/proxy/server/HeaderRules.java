package dev.mcpproxy.proxy.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The Streamable HTTP header checks made before a body is read. */
final class HeaderRules {
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowedOrigins;

    HeaderRules(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(HeaderRules::normalizeOrigin).collect(Collectors.toSet());
    }

    /**
     * DNS-rebinding defence: a browser page may call only from a configured origin or from the
     * local machine itself. Requests without {@code Origin} (every non-browser client) pass.
     */
    boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        String normalized = normalizeOrigin(origin);
        if (allowedOrigins.contains(normalized)) {
            return true;
        }
        try {
            URI uri = URI.create(normalized);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isJson(String contentType) {
        return contentType != null && mediaType(contentType).equals("application/json");
    }

    /** The client must take both a JSON reply and an event stream. */
    static boolean acceptsJsonAndEvents(String accept) {
        return accepts(accept, "application/json") && accepts(accept, "text/event-stream");
    }

    static boolean accepts(String accept, String type) {
        if (accept == null) {
            return false;
        }
        String family = type.substring(0, type.indexOf('/'));
        for (String range : accept.split(",")) {
            String media = mediaType(range);
            if (media.equals(type) || media.equals("*/*") || media.equals(family + "/*")) {
                return true;
            }
        }
        return false;
    }

    private static String mediaType(String headerValue) {
        int semicolon = headerValue.indexOf(';');
        return (semicolon < 0 ? headerValue : headerValue.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String normalizeOrigin(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
