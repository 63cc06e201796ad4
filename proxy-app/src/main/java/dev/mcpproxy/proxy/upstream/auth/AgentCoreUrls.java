package dev.mcpproxy.proxy.upstream.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** URLs of AgentCore MCP endpoints: runtime invocations built from an ARN, and gateway URLs. */
public final class AgentCoreUrls {
    public static final String DEFAULT_QUALIFIER = "DEFAULT";
    private static final Pattern RUNTIME_ARN =
            Pattern.compile("arn:aws[a-z-]*:bedrock-agentcore:([a-z0-9-]+):\\d{12}:runtime/[A-Za-z0-9_-]+");
    private static final Pattern AGENTCORE_HOST =
            Pattern.compile("(?:[a-z0-9-]+\\.gateway\\.)?bedrock-agentcore\\.([a-z0-9-]+)\\.amazonaws\\.com");
    private static final Pattern GATEWAY_HOST =
            Pattern.compile("[a-z0-9-]+\\.gateway\\.bedrock-agentcore\\.[a-z0-9-]+\\.amazonaws\\.com");

    private AgentCoreUrls() {
    }

    public static boolean isRuntimeArn(String value) {
        return value != null && RUNTIME_ARN.matcher(value).matches();
    }

    /**
     * {@code https://bedrock-agentcore.<region>.amazonaws.com/runtimes/<encoded ARN>/invocations?qualifier=<q>},
     * the region taken from the ARN.
     */
    public static URI runtimeInvocationUrl(String runtimeArn, String qualifier) {
        Matcher arn = RUNTIME_ARN.matcher(runtimeArn);
        if (!arn.matches()) {
            throw new IllegalArgumentException("not an AgentCore runtime ARN: " + runtimeArn);
        }
        String q = qualifier == null || qualifier.isBlank() ? DEFAULT_QUALIFIER : qualifier;
        return URI.create("https://bedrock-agentcore." + arn.group(1) + ".amazonaws.com/runtimes/"
                + URLEncoder.encode(runtimeArn, StandardCharsets.UTF_8) + "/invocations?qualifier="
                + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    /**
     * An upstream's URL as configured: a runtime ARN becomes its invocation URL (qualifier
     * {@code DEFAULT}); anything else is taken as the URL it is.
     */
    public static URI resolve(String urlOrRuntimeArn) {
        return isRuntimeArn(urlOrRuntimeArn) ? runtimeInvocationUrl(urlOrRuntimeArn, null) : URI.create(urlOrRuntimeArn);
    }

    /** True for {@code https://<gatewayId>.gateway.bedrock-agentcore.<region>.amazonaws.com/...}. */
    public static boolean isGatewayUrl(URI url) {
        return url.getHost() != null && GATEWAY_HOST.matcher(url.getHost()).matches();
    }

    /** The region of an AgentCore runtime or gateway URL, or empty for other hosts. */
    public static Optional<String> regionOf(URI url) {
        if (url.getHost() == null) {
            return Optional.empty();
        }
        Matcher host = AGENTCORE_HOST.matcher(url.getHost());
        return host.matches() ? Optional.of(host.group(1)) : Optional.empty();
    }
}
