package dev.mcpproxy.cdk.environment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.contracts.EnvironmentFiles;
import dev.mcpproxy.contracts.EnvironmentVariables;
import dev.mcpproxy.contracts.ProxyContainer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The proxy's own YAML configuration for one environment ({@code cdk/environments/<name>/proxy.yaml}), versioned
 * next to the environment definition. The image carries it at {@link ProxyContainer#configPath(String)}; the runtime points
 * {@code MCP_PROXY_CONFIG} there and carries its SHA-256 so a changed document always yields a new runtime version.
 */
public record ProxyConfigDocument(byte[] content, JsonNode tree, Map<String, String> upstreamUrls) {
    private static final String FILE_NAME = EnvironmentFiles.PROXY_CONFIG;
    private static final String CONTAINER_ROOT = ProxyContainer.ENVIRONMENTS_DIR;

    public static ProxyConfigDocument of(byte[] content, JsonNode tree) {
        Map<String, String> upstreams = new LinkedHashMap<>();
        for (JsonNode upstream : tree.path("upstreams")) {
            upstreams.put(upstream.path("name").asText(), upstream.path("url").asText());
        }
        return new ProxyConfigDocument(content.clone(), tree.deepCopy(), Map.copyOf(upstreams));
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The proxy configuration must fit its environment: the same upstreams (IAM is granted per upstream), only its
     * own files, every declared app client accepted, and roles that refer to what the environment's tokens carry.
     */
    public void validateAgainst(DeploymentEnvironment environment, EnvironmentProblems problems) {
        validateUpstreams(environment, problems);
        validateOwnFiles(environment.name(), "", tree, problems);
        if (environment.cognito() != null) {
            validateIdentity(environment.cognito(), problems);
        }
    }

    /**
     * A path into the image's copy of {@code cdk/environments/} must stay in this environment's folder: a file
     * copied from dev would otherwise silently run dev's policies.
     */
    private static void validateOwnFiles(String environment, String key, JsonNode node, EnvironmentProblems problems) {
        if (node.isTextual() && node.asText().contains(CONTAINER_ROOT + "/")) {
            String own = CONTAINER_ROOT + "/" + environment + "/";
            problems.check(node.asText().startsWith(own) && !node.asText().contains("/../"), FILE_NAME + ": " + key,
                    "refers to " + node.asText() + ", outside this environment's own folder " + own);
        }
        if (node.isObject()) {
            node.properties().forEach(e -> validateOwnFiles(environment, key.isEmpty() ? e.getKey() : key + "." + e.getKey(),
                    e.getValue(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                validateOwnFiles(environment, key + "[" + i + "]", node.get(i), problems);
            }
        }
    }

    /**
     * {@code identity.clientIds} lists exactly the declared clients' variables; {@code identity.roles} maps only
     * scopes, clients and groups the environment's user pool can put into a token.
     */
    private void validateIdentity(CognitoSettings cognito, EnvironmentProblems problems) {
        JsonNode identity = tree.path("identity");
        Set<String> clientVariables = new LinkedHashSet<>();
        cognito.clients().forEach(c -> clientVariables.add("${" + EnvironmentVariables.identityClientId(c.name()) + "}"));
        Set<String> listed = new LinkedHashSet<>();
        identity.path("clientIds").forEach(id -> listed.add(id.asText()));
        problems.check(listed.equals(clientVariables), FILE_NAME + ": identity.clientIds",
                "must list exactly the declared app clients " + clientVariables + ", was " + listed);
        Set<String> scopes = new LinkedHashSet<>();
        cognito.scopes().forEach(scope -> scopes.add(cognito.qualifiedScope(scope)));
        identity.path("roles").properties().forEach(role -> {
            String key = FILE_NAME + ": identity.roles." + role.getKey();
            role.getValue().path("scopes").forEach(scope -> problems.check(scopes.contains(scope.asText()), key + ".scopes",
                    "'" + scope.asText() + "' is not a scope of this environment's user pool " + scopes));
            role.getValue().path("clientIds").forEach(id -> problems.check(clientVariables.contains(id.asText()), key + ".clientIds",
                    "'" + id.asText() + "' is not a declared app client's variable " + clientVariables));
            role.getValue().path("groups").forEach(group -> problems.check(cognito.groups().contains(group.asText()),
                    key + ".groups", "'" + group.asText() + "' is not one of cognito.groups " + cognito.groups()));
        });
    }

    /** The environment grants IAM per upstream, so both files must name the same upstreams at the same URLs. */
    private void validateUpstreams(DeploymentEnvironment environment, EnvironmentProblems problems) {
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
