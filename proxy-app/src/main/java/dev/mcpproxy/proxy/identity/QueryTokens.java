package dev.mcpproxy.proxy.identity;

/** Detects a bearer token sent as a query parameter (RFC 6750 §2.3), which the proxy refuses outright. */
final class QueryTokens {
    private QueryTokens() {
    }

    static boolean containsAccessToken(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (name.equalsIgnoreCase("access_token")) {
                return true;
            }
        }
        return false;
    }
}
