package dev.mcpproxy.cdk.runtime;

import java.util.List;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;

/** Exactly the IAM access one upstream needs: nothing for plain HTTPS, one invoke action on one named ARN otherwise. */
public record UpstreamAccess(String upstream, String action, List<String> resources) {
    public static UpstreamAccess gateway(String upstream, String gatewayArn) {
        return new UpstreamAccess(upstream, "bedrock-agentcore:InvokeGateway", List.of(gatewayArn));
    }

    /** The runtime and its DEFAULT endpoint, which the upstream URL's {@code qualifier=DEFAULT} addresses. */
    public static UpstreamAccess agentRuntime(String upstream, String runtimeArn) {
        return new UpstreamAccess(upstream, "bedrock-agentcore:InvokeAgentRuntime",
                List.of(runtimeArn, runtimeArn + "/runtime-endpoint/DEFAULT"));
    }

    /** The statement id: IAM allows only alphanumerics, so {@code crm-a} and {@code crma} share one. */
    public String sid() {
        return sidOf(upstream);
    }

    private static String sidOf(String upstream) {
        return "InvokeUpstream" + upstream.replaceAll("[^A-Za-z0-9]", "");
    }

    /**
     * Lets {@code grantee} call the upstream, in one statement carrying {@link #sid()}. Statement ids must be unique
     * in a policy: {@link McpProxyRuntime} refuses a second upstream with the same one.
     */
    Grant grantTo(IGrantable grantee) {
        Grant grant = Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of(action))
                .resourceArns(resources)
                .build());
        grant.getPrincipalStatements().forEach(statement -> statement.setSid(sid()));
        return grant;
    }
}
