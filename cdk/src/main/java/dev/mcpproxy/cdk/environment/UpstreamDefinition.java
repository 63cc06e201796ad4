package dev.mcpproxy.cdk.environment;

import dev.mcpproxy.contracts.EnvironmentVariables;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployment must know of one upstream MCP server to grant exactly the access it needs:
 * an AgentCore gateway ARN ({@code bedrock-agentcore:InvokeGateway}), an AgentCore runtime ARN
 * ({@code bedrock-agentcore:InvokeAgentRuntime}), nothing for a plain HTTPS server; and where its OAuth client
 * secret lives (an existing secret imported by ARN, or a new empty one the operator fills in).
 */
public record UpstreamDefinition(
        String name,
        String url,
        String gatewayArn,
        String runtimeArn,
        String clientSecretArn,
        Boolean createClientSecret) {

    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern GATEWAY_ARN =
            Pattern.compile("arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\\d{12}:gateway/([a-zA-Z0-9-]+)");
    private static final Pattern RUNTIME_ARN =
            Pattern.compile("arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\\d{12}:runtime/[a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10}");
    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
    private static final Pattern GATEWAY_HOST =
            Pattern.compile("([a-zA-Z0-9-]+)\\.gateway\\.bedrock-agentcore\\.[a-z0-9-]+\\.amazonaws\\.com");

    public UpstreamDefinition {
        createClientSecret = createClientSecret != null && createClientSecret;
    }

    public boolean hasClientSecret() {
        return clientSecretArn != null || createClientSecret;
    }

    /** The environment variable carrying this upstream's client secret ARN, e.g. {@code UPSTREAM_CRM_API_CLIENT_SECRET_ARN}. */
    public String clientSecretArnVariable() {
        return EnvironmentVariables.upstreamClientSecretArn(name);
    }

    /** The Sid of this upstream's invoke statement; IAM allows only alphanumerics in it. */
    public String statementId() {
        return "InvokeUpstream" + name.replaceAll("[^A-Za-z0-9]", "");
    }

    public void validate(String key, EnvironmentProblems problems) {
        problems.check(name != null && NAME.matcher(name).matches(), key + ".name",
                "must start with a letter and contain only letters, digits, '_' or '-' (at most 64)");
        URI uri = parseUrl(key, problems);
        if (gatewayArn != null) {
            Matcher arn = GATEWAY_ARN.matcher(gatewayArn);
            if (problems.check(arn.matches(), key + ".gatewayArn",
                    "must be an AgentCore gateway ARN arn:aws:bedrock-agentcore:<region>:<account>:gateway/<id>") && uri != null) {
                Matcher host = GATEWAY_HOST.matcher(String.valueOf(uri.getHost()));
                problems.check(host.matches() && host.group(1).equals(arn.group(1)), key + ".url",
                        "must be the MCP endpoint of gateway " + arn.group(1) + " (https://" + arn.group(1)
                                + ".gateway.bedrock-agentcore.<region>.amazonaws.com/mcp)");
            }
        } else if (uri != null) {
            problems.check(!GATEWAY_HOST.matcher(String.valueOf(uri.getHost())).matches(), key + ".gatewayArn",
                    "is required for an AgentCore gateway URL (it scopes bedrock-agentcore:InvokeGateway)");
        }
        if (runtimeArn != null) {
            problems.check(RUNTIME_ARN.matcher(runtimeArn).matches(), key + ".runtimeArn",
                    "must be an AgentCore runtime ARN arn:aws:bedrock-agentcore:<region>:<account>:runtime/<name>-<10 characters>");
            problems.check(gatewayArn == null, key, "gatewayArn and runtimeArn are mutually exclusive");
        } else if (uri != null) {
            problems.check(!String.valueOf(uri.getPath()).startsWith("/runtimes/"), key + ".runtimeArn",
                    "is required for an AgentCore runtime URL (it scopes bedrock-agentcore:InvokeAgentRuntime)");
        }
        if (clientSecretArn != null) {
            problems.check(SECRET_ARN.matcher(clientSecretArn).matches(), key + ".clientSecretArn",
                    "must be a Secrets Manager secret ARN arn:aws:secretsmanager:<region>:<account>:secret:<name>");
            problems.check(!createClientSecret, key, "clientSecretArn and createClientSecret are mutually exclusive");
        }
    }

    private URI parseUrl(String key, EnvironmentProblems problems) {
        if (!problems.check(url != null, key + ".url", "is required")) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            return problems.check("https".equals(uri.getScheme()) && uri.getHost() != null, key + ".url",
                    "must be an https URL") ? uri : null;
        } catch (IllegalArgumentException e) {
            problems.add(key + ".url", "must be an https URL");
            return null;
        }
    }
}
