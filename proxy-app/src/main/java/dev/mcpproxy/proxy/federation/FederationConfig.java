package dev.mcpproxy.proxy.federation;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.regex.Pattern;

/**
 * How the upstreams' lists are merged ({@code federation:}).
 *
 * @param separator      between an upstream's prefix and a name, e.g. {@code crm__lookup}
 * @param refreshSeconds how often every upstream is listed again; 0 = only on {@code list_changed}
 */
public record FederationConfig(String separator, Integer refreshSeconds) {

    public static final String DEFAULT_SEPARATOR = "__";
    public static final int DEFAULT_REFRESH_SECONDS = 300;

    private static final Pattern SEPARATOR = Pattern.compile("[A-Za-z0-9_.-]{1,4}");

    public FederationConfig {
        separator = separator == null ? DEFAULT_SEPARATOR : separator;
        refreshSeconds = refreshSeconds == null ? DEFAULT_REFRESH_SECONDS : refreshSeconds;
    }

    public static FederationConfig defaults() {
        return new FederationConfig(null, null);
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(SEPARATOR.matcher(separator).matches(), key + ".separator",
                "must be 1-4 characters of letters, digits, '_', '.' or '-' (tool-name characters)");
        problems.check(refreshSeconds >= 0, key + ".refreshSeconds", "must be 0 (off) or positive");
    }
}
