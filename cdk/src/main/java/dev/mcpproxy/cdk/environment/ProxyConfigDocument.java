package dev.mcpproxy.cdk.environment;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The proxy's own YAML configuration for one environment ({@code cdk/environments/<name>/proxy.yaml}), versioned
 * next to the environment definition. The image carries it at {@link #containerPath(String)}; the runtime points
 * {@code MCP_PROXY_CONFIG} there and carries its SHA-256 so a changed document always yields a new runtime version.
 */
public record ProxyConfigDocument(byte[] content, Map<String, String> upstreamUrls) {
    public static final String FILE_NAME = "proxy.yaml";
    /** Where the image build copies {@code cdk/environments/}. */
    public static final String CONTAINER_ROOT = "/app/environments";

    public static ProxyConfigDocument of(byte[] content, JsonNode tree) {
        Map<String, String> upstreams = new LinkedHashMap<>();
        for (JsonNode upstream : tree.path("upstreams")) {
            upstreams.put(upstream.path("name").asText(), upstream.path("url").asText());
        }
        return new ProxyConfigDocument(content.clone(), Map.copyOf(upstreams));
    }

    public static String containerPath(String environment) {
        return CONTAINER_ROOT + "/" + environment + "/" + FILE_NAME;
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The environment grants IAM per upstream, so both files must name the same upstreams at the same URLs. */
    public void validateAgainst(DeploymentEnvironment environment, EnvironmentProblems problems) {
        Map<String, String> defined = new LinkedHashMap<>();
        environment.upstreams().forEach(u -> defined.put(u.name(), u.url()));
        upstreamUrls.forEach((name, url) -> problems.check(url.equals(defined.get(name)), FILE_NAME + ": upstreams." + name,
                defined.containsKey(name)
                        ? "url " + url + " differs from environment.yaml (" + defined.get(name) + ")"
                        : "is not defined in environment.yaml upstreams (its IAM access would be missing)"));
        defined.keySet().forEach(name -> problems.check(upstreamUrls.containsKey(name), "upstreams." + name,
                "is not configured in " + FILE_NAME));
    }
}
