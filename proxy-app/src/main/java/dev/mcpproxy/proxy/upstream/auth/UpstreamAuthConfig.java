package dev.mcpproxy.proxy.upstream.auth;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code upstreams[i].auth}: how the proxy authenticates to one upstream. Static {@code headers}
 * are added in every mode (with SigV4 they are signed too).
 *
 * @param type    {@code none} (default), {@code sigv4}, {@code oauth2} or {@code headers}
 * @param sigv4   SigV4 settings (defaults apply when absent)
 * @param oauth2  client-credentials settings, required for {@code oauth2}
 * @param headers header name to secret-backed value
 */
public record UpstreamAuthConfig(AuthType type, SigV4Config sigv4, OAuth2Config oauth2,
                                 Map<String, StaticHeaderConfig> headers) {

    public static final UpstreamAuthConfig NONE = new UpstreamAuthConfig(null, null, null, null);
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the proxy or the HTTP client set themselves; a configured value would be lost or clash. */
    private static final Set<String> RESERVED = Set.of("host", "content-length",
            "content-type", "accept", "mcp-session-id", "mcp-protocol-version", "connection");

    public UpstreamAuthConfig {
        type = type == null ? AuthType.NONE : type;
        sigv4 = sigv4 == null ? SigV4Config.DEFAULTS : sigv4;
        headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
    }

    public void validate(String key, ConfigProblems problems) {
        if (type == AuthType.SIGV4) {
            sigv4.validate(key + ".sigv4", problems);
        }
        if (type == AuthType.OAUTH2) {
            if (problems.check(oauth2 != null, key + ".oauth2", "is required when type is oauth2")) {
                oauth2.validate(key + ".oauth2", problems);
            }
        } else {
            problems.check(oauth2 == null, key + ".oauth2", "only allowed when type is oauth2");
        }
        problems.check(type != AuthType.HEADERS || !headers.isEmpty(), key + ".headers",
                "at least one header is required when type is headers");
        headers.forEach((name, header) -> {
            String headerKey = key + ".headers." + name;
            problems.check(HEADER_NAME.matcher(name).matches(), headerKey, "not a valid HTTP header name");
            problems.check(!RESERVED.contains(name.toLowerCase(Locale.ROOT)), headerKey,
                    "set by the proxy itself");
            boolean signingHeader = name.equalsIgnoreCase("authorization") || name.toLowerCase(Locale.ROOT)
                    .startsWith("x-amz-");
            problems.check(!(signingHeader && (type == AuthType.SIGV4 || type == AuthType.OAUTH2)), headerKey,
                    "conflicts with the " + type.name().toLowerCase(Locale.ROOT) + " credentials");
            if (header == null) {
                problems.add(headerKey, "needs a secret");
            } else {
                header.validate(headerKey, problems);
            }
        });
    }
}
