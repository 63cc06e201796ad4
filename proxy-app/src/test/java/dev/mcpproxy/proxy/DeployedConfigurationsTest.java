package dev.mcpproxy.proxy;

import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.testing.StubbedSecretsManager;
import dev.mcpproxy.proxy.testing.TestSecrets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.AuditEvent;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.crypto.tink.KeysetHandle;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.pii.DetokenizeAuthorizer;
import dev.mcpproxy.proxy.governance.pii.PiiKeysetLoader;
import dev.mcpproxy.proxy.governance.pii.PiiTokenizer;
import dev.mcpproxy.proxy.governance.policy.ItemOrigins;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.policy.PolicyStage;
import dev.mcpproxy.proxy.identity.IdentityConfig;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.ratelimit.BucketConfig;
import dev.mcpproxy.proxy.ratelimit.FailMode;
import dev.mcpproxy.proxy.ratelimit.StoreType;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.auth.AuthType;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every {@code cdk/environments/<env>/proxy.yaml} is a valid governed configuration when the proxy
 * starts on AgentCore: it is loaded with exactly the environment variables the CDK app's
 * synthesized runtime carries (read from the committed template snapshot, CloudFormation
 * references replaced by realistic resolved values), validated, and its governance sections are
 * checked against {@code environment.yaml}. The snapshot's config digest must match the file, so
 * a proxy.yaml change without a snapshot update fails here.
 */
class DeployedConfigurationsTest {
    private static final Path ENVIRONMENTS = Path.of("../cdk/environments");
    private static final Path SNAPSHOTS = Path.of("../cdk/src/test/resources/snapshots");
    /** Where the image carries {@code cdk/environments/}. */
    private static final String CONTAINER_ROOT = "/app/environments/";
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StubbedSecretsManager secretsManager;

    @BeforeAll
    static void startSecretsManager() {
        secretsManager = new StubbedSecretsManager();
    }

    @AfterAll
    static void stopSecretsManager() {
        secretsManager.close();
    }

    static Stream<String> environments() throws IOException {
        try (Stream<Path> children = Files.list(ENVIRONMENTS)) {
            List<String> names = children.filter(dir -> Files.isRegularFile(dir.resolve("proxy.yaml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
            assertThat(names).contains("dev", "staging", "prod");
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("environments")
    void loadsAndValidatesWithWhatTheRuntimeSets(String name) throws Exception {
        Path proxyYaml = ENVIRONMENTS.resolve(name).resolve("proxy.yaml");
        JsonNode definition = YAML.readTree(ENVIRONMENTS.resolve(name).resolve("environment.yaml").toFile());
        Map<String, String> environment = runtimeEnvironment(name, definition);

        assertThat(environment.get("MCP_PROXY_CONFIG_SHA256"))
                .as("the Runtime snapshot's digest of %s (update the CDK snapshots)", proxyYaml)
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(proxyYaml))));
        assertThat(environment.get("MCP_PROXY_CONFIG")).isEqualTo(CONTAINER_ROOT + name + "/proxy.yaml");

        ProxyConfig config = new ConfigLoader(environment).load(proxyYaml).validate();

        IdentityConfig identity = config.identity();
        assertThat(identity.mode()).isEqualTo(IdentityConfig.Mode.JWT);
        assertThat(identity.discoveryUrl()).isEqualTo(environment.get("MCP_PROXY_IDENTITY_DISCOVERY_URL"));
        assertThat(identity.clientIds()).containsExactlyInAnyOrderElementsOf(clientIds(definition, environment).values());
        assertThat(identity.requiredScopes()).containsExactly(
                definition.path("cognito").path("resourceServerIdentifier").asText("mcp-proxy") + "/invoke");

        assertThat(config.rateLimits().store()).isEqualTo(StoreType.DYNAMODB);
        assertThat(config.rateLimits().dynamodb().table()).isEqualTo(environment.get("RATE_LIMIT_TABLE"));
        assertThat(config.rateLimits().failMode())
                .isEqualTo(definition.path("production").asBoolean() ? FailMode.CLOSED : FailMode.OPEN);
        BucketConfig bucket = config.rateLimits().buckets().getFirst();
        assertThat(bucket.rate()).isEqualTo(definition.path("rateLimits").path("requestsPerMinute").asLong());
        assertThat(bucket.periodSeconds()).isEqualTo(60L);
        assertThat(bucket.burst()).isEqualTo(definition.path("rateLimits").path("burst").asLong());

        assertUpstreamAuthMatchesTheDeployment(config, definition, environment);
        assertPoliciesCompile(config.policy());
        assertThat(config.audit().enabled()).isTrue();
        assertThat(config.audit().stdout()).as("stdout lands in the runtime's log group; audit lines belong in the audit group")
                .isFalse();
        assertThat(config.audit().cloudWatchLogGroup()).isEqualTo(environment.get("AUDIT_LOG_GROUP")).isNotNull();
        assertThat(config.audit().digestKeySecretArn()).isEqualTo(environment.get("MCP_PROXY_AUDIT_KEY_SECRET_ARN"));
        assertThat(config.pii().enabled()).isTrue();
        assertThat(config.pii().keyset().secretArn()).isEqualTo(environment.get("MCP_PROXY_PII_KEYSET_SECRET_ARN"));
        assertTheGeneratedPiiKeyLoads(config, environment);
    }

    /**
     * AgentCore URLs are signed with the execution role (which holds exactly their invoke action);
     * an upstream with a client secret uses it through Secrets Manager; any other has no credentials.
     */
    private static void assertUpstreamAuthMatchesTheDeployment(ProxyConfig config, JsonNode definition,
                                                               Map<String, String> environment) {
        Map<String, UpstreamConfig> configured = new LinkedHashMap<>();
        config.upstreams().forEach(u -> configured.put(u.name(), u));
        assertThat(configured.keySet()).containsExactlyElementsOf(
                definition.path("upstreams").findValuesAsText("name"));
        for (JsonNode upstream : definition.path("upstreams")) {
            UpstreamConfig proxy = configured.get(upstream.path("name").asText());
            assertThat(proxy.url()).isEqualTo(upstream.path("url").asText());
            if (upstream.has("gatewayArn") || upstream.has("runtimeArn")) {
                assertThat(proxy.auth().type()).as(proxy.name()).isEqualTo(AuthType.SIGV4);
                assertThat(proxy.auth().sigv4().service()).isEqualTo("bedrock-agentcore");
            } else if (upstream.has("clientSecretArn") || upstream.path("createClientSecret").asBoolean()) {
                String variable = "UPSTREAM_" + proxy.name().toUpperCase(Locale.ROOT).replace('-', '_')
                        + "_CLIENT_SECRET_ARN";
                assertThat(proxy.auth().type()).as(proxy.name()).isEqualTo(AuthType.OAUTH2);
                assertThat(proxy.auth().oauth2().clientSecret().secretsManager())
                        .isEqualTo(environment.get(variable)).isNotNull();
            } else {
                assertThat(proxy.auth().type()).as(proxy.name()).isEqualTo(AuthType.NONE);
            }
        }
    }

    /** The policy files the image carries, read from the repository, compile against the schema. */
    private static void assertPoliciesCompile(PolicyConfig policy) {
        assertThat(policy.enabled()).isTrue();
        assertThat(PolicyStage.create(fromRepository(policy), ItemOrigins.UNKNOWN)).isNotNull();
    }

    /** The policy section with the image's paths replaced by the repository's copies. */
    private static PolicyConfig fromRepository(PolicyConfig policy) {
        List<String> files = policy.policies().stream().map(location -> {
            assertThat(location).startsWith(CONTAINER_ROOT);
            return ENVIRONMENTS.resolve(location.substring(CONTAINER_ROOT.length())).toString();
        }).toList();
        return new PolicyConfig(true, files, policy.schema(), policy.mode(), policy.exposePolicyIds());
    }

    /** The keyset secret holds what CloudFormation generated, not a Tink keyset: the proxy derives one. */
    private static void assertTheGeneratedPiiKeyLoads(ProxyConfig config, Map<String, String> environment)
            throws Exception {
        String arn = config.pii().keyset().secretArn();
        // What CloudFormation generates for the PiiTokenizationKey secret: 64 alphanumerics.
        secretsManager.stubSecret(arn, TestSecrets.alphanumeric(64));
        KeysetHandle keyset = new PiiKeysetLoader(environment::get, secretsManager::client).load(config.pii().keyset());
        PiiTokenizer tokenizer = new PiiTokenizer(keyset);
        String token = tokenizer.tokenize("email", "jane@example.com");
        assertThat(tokenizer.restore(token, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo("jane@example.com");
    }

    /**
     * The runtime's environment variables from the synthesized template; values CloudFormation
     * resolves at deploy time are replaced by what they resolve to in that account and region.
     */
    private static Map<String, String> runtimeEnvironment(String name, JsonNode definition) throws IOException {
        JsonNode template = JSON.readTree(SNAPSHOTS.resolve("McpProxy-" + name + "-Runtime.json").toFile());
        JsonNode variables = null;
        for (JsonNode resource : template.path("Resources")) {
            if (resource.path("Type").asText().equals("AWS::BedrockAgentCore::Runtime")) {
                variables = resource.path("Properties").path("EnvironmentVariables");
            }
        }
        assertThat(variables).as("the runtime in the %s snapshot", name).isNotNull();
        Map<String, String> resolved = resolvedReferences(name, definition);
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        variables.properties().forEach(variable -> {
            if (variable.getValue().isTextual()) {
                environment.put(variable.getKey(), variable.getValue().asText());
            } else if (resolved.containsKey(variable.getKey())) {
                environment.put(variable.getKey(), resolved.get(variable.getKey()));
            } else {
                unresolved.add(variable.getKey());
            }
        });
        if (!unresolved.isEmpty()) {
            fail("give these runtime variables a realistic resolved value in this test: " + unresolved);
        }
        return environment;
    }

    /**
     * The identity model on the synthesized configuration: every declared app client, with the scopes the Foundation
     * snapshot says Cognito issues to it and the client id the runtime passes, gets the roles of this environment's
     * proxy.yaml; its real policies (the real Cedar engine) and detokenize rule then decide. A client with only
     * {@code invoke} can call read-only tools but no destructive one and never gets raw values back; the operator
     * client (invoke and admin) can do both where the environment allows detokenizing at all.
     */
    @ParameterizedTest
    @MethodSource("environments")
    void anAgentWithOnlyInvokeCannotDoWhatTheAdminCan(String name) throws Exception {
        Path proxyYaml = ENVIRONMENTS.resolve(name).resolve("proxy.yaml");
        JsonNode definition = YAML.readTree(ENVIRONMENTS.resolve(name).resolve("environment.yaml").toFile());
        Map<String, String> environment = runtimeEnvironment(name, definition);
        ProxyConfig config = new ConfigLoader(environment).load(proxyYaml).validate();
        PolicyStage policies = PolicyStage.create(fromRepository(config.policy()), ItemOrigins.UNKNOWN);
        DetokenizeAuthorizer detokenize = DetokenizeAuthorizer.fromConfig(config.pii().detokenize());
        JsonNode outputs = JSON.readTree(SNAPSHOTS.resolve("McpProxy-" + name + "-Foundation.json").toFile()).path("Outputs");
        String invoke = config.identity().requiredScopes().getFirst();
        String admin = invoke.replace("/invoke", "/admin");

        Map<String, String> clientIds = clientIds(definition, environment);
        assertThat(clientIds).containsKey("operator");
        boolean someInvokeOnlyClient = false;
        for (Map.Entry<String, String> client : clientIds.entrySet()) {
            String scopesOutput = outputs.path("Client" + pascal(client.getKey()) + "Scopes").path("Value").asText();
            Set<String> scopes = Set.of(scopesOutput.split(" "));
            Principal principal = new Principal(client.getValue(), client.getValue(), scopes, Set.of(), Map.of(), false)
                    .withRoles(config.identity().roles());
            String who = name + " client " + client.getKey() + " " + scopes + " roles " + principal.roles();
            assertThat(decision(policies, principal, READ_ONLY_TOOL)).as(who + " calling a read-only tool").isEqualTo("allow");
            if (scopes.contains(admin)) {
                assertThat(decision(policies, principal, DESTRUCTIVE_TOOL)).as(who + " calling a destructive tool").isEqualTo("allow");
                assertThat(detokenize.mayDetokenize(call(principal, DESTRUCTIVE_TOOL)))
                        .as(who + " detokenizing").isEqualTo(!config.pii().detokenize().roles().isEmpty());
            } else {
                someInvokeOnlyClient = true;
                assertThat(scopes).as(who).containsExactly(invoke);
                assertThat(decision(policies, principal, DESTRUCTIVE_TOOL)).as(who + " calling a destructive tool")
                        .isIn("deny", "shadow-deny");
                assertThat(detokenize.mayDetokenize(call(principal, DESTRUCTIVE_TOOL))).as(who + " detokenizing").isFalse();
            }
        }
        assertThat(someInvokeOnlyClient).as("%s declares an agent client holding only invoke", name).isTrue();
    }

    private static final ObjectNode READ_ONLY_TOOL = tool("get_order", "{\"readOnlyHint\":true}");
    private static final ObjectNode DESTRUCTIVE_TOOL = tool("delete_order", "{\"destructiveHint\":true}");

    private static ObjectNode tool(String name, String annotations) {
        try {
            return (ObjectNode) JSON.readTree("{\"name\":\"" + name + "\",\"inputSchema\":{\"type\":\"object\"},\"annotations\":"
                    + annotations + "}");
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Exchange call(Principal principal, ObjectNode tool) {
        String name = tool.get("name").asText();
        ObjectNode params = JSON.createObjectNode().put("name", "tools__" + name);
        params.putObject("arguments");
        return new Exchange("tools/call", params, principal, "session-1", IntNode.valueOf(1), new AuditEvent())
                .route("tools", "tools__" + name, name, tool);
    }

    /** allow, deny or shadow-deny, as the audit records it. */
    private static String decision(PolicyStage policies, Principal principal, ObjectNode tool) {
        Exchange exchange = call(principal, tool);
        try {
            policies.onRequest(exchange);
        } catch (GovernanceException denied) {
            return String.valueOf(exchange.audit().get(AuditFields.DECISION));
        }
        return String.valueOf(exchange.audit().get(AuditFields.DECISION));
    }

    private static final String CLIENT_ID_VARIABLE = "MCP_PROXY_IDENTITY_CLIENT_ID_";

    /** Declared app clients, the operator client first when the file does not declare it (the CDK app adds it). */
    private static List<String> clientNames(JsonNode definition) {
        List<String> names = new ArrayList<>(definition.path("cognito").path("clients").findValuesAsText("name"));
        if (!names.contains("operator")) {
            names.addFirst("operator");
        }
        return names;
    }

    /** Client name to the client id the runtime's variables carry. */
    private static Map<String, String> clientIds(JsonNode definition, Map<String, String> environment) {
        Map<String, String> ids = new LinkedHashMap<>();
        clientNames(definition).forEach(client -> ids.put(client, environment.get(CLIENT_ID_VARIABLE + upper(client))));
        return ids;
    }

    private static String upper(String clientName) {
        return clientName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String pascal(String clientName) {
        StringBuilder pascal = new StringBuilder();
        for (String part : clientName.split("-")) {
            pascal.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return pascal.toString();
    }

    private static Map<String, String> resolvedReferences(String name, JsonNode definition) {
        String region = definition.path("region").asText();
        String account = definition.path("account").asText();
        String prefix = definition.path("prefix").asText();
        String secrets = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:";
        Map<String, String> resolved = new LinkedHashMap<>();
        resolved.put("MCP_PROXY_IDENTITY_DISCOVERY_URL", "https://cognito-idp." + region + ".amazonaws.com/" + region
                + "_AbCdEf123/.well-known/openid-configuration");
        int client = 0;
        for (String clientName : clientNames(definition)) {
            resolved.put(CLIENT_ID_VARIABLE + upper(clientName), "3n4b5c6d7e8f9g0h1i2j3k4l5" + (char) ('a' + client++));
        }
        resolved.put("RATE_LIMIT_TABLE", "McpProxy-" + name + "-Foundation-RateLimitTableFAD921A1-1A2B3C4D5E6F");
        resolved.put("AUDIT_LOG_GROUP", "/" + prefix + "/audit");
        resolved.put("MCP_PROXY_PII_KEYSET_SECRET_ARN", secrets + "SecretsPiiTokenizationKey28092F7D-AbCdEfGhIjKl-x1Y2z3");
        resolved.put("MCP_PROXY_AUDIT_KEY_SECRET_ARN", secrets + "SecretsAuditDigestKey5B1C2D3E-MnOpQrStUvWx-a4B5c6");
        resolved.put("MCP_PROXY_REQUEST_STATE_KEY_SECRET_ARN", secrets + "SecretsRequestStateKey7A8B9C0D-YzAbCdEfGhIj-k7L8m9");
        for (JsonNode upstream : definition.path("upstreams")) {
            String variable = "UPSTREAM_" + upstream.path("name").asText().toUpperCase(Locale.ROOT).replace('-', '_')
                    + "_CLIENT_SECRET_ARN";
            resolved.put(variable, secrets + "SecretsClientSecret" + upstream.path("name").asText() + "-AbCdEf");
        }
        return resolved;
    }
}
