package dev.mcpproxy.cdk.foundation;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;

/**
 * Properties of {@link DeploymentKey}, built with {@link #builder()}.
 *
 * @param alias                the key's alias, e.g. {@code alias/mcp-proxy-prod}. Required
 * @param description          the key's description. Default: {@code Encrypts an MCP proxy deployment}
 * @param removalPolicy        what deleting the stack does to the key (a deleted key waits 30 days). Default: RETAIN
 * @param logGroupNamePatterns names of the log groups (with {@code *} wildcards) CloudWatch Logs may encrypt with the
 *                             key, through the {@code aws:logs:arn} encryption context. Default: none
 */
public record DeploymentKeyProps(String alias, String description, RemovalPolicy removalPolicy, List<String> logGroupNamePatterns) {
    public DeploymentKeyProps {
        Objects.requireNonNull(alias, "alias");
        description = description == null ? "Encrypts an MCP proxy deployment" : description;
        removalPolicy = removalPolicy == null ? RemovalPolicy.RETAIN : removalPolicy;
        logGroupNamePatterns = logGroupNamePatterns == null ? List.of() : List.copyOf(logGroupNamePatterns);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder in the style of aws-cdk-lib's props builders; each property is documented on the record. */
    public static final class Builder {
        private String alias;
        private String description;
        private RemovalPolicy removalPolicy;
        private List<String> logGroupNamePatterns;

        public Builder alias(String value) { alias = value; return this; }
        public Builder description(String value) { description = value; return this; }
        public Builder removalPolicy(RemovalPolicy value) { removalPolicy = value; return this; }
        public Builder logGroupNamePatterns(List<String> value) { logGroupNamePatterns = value; return this; }

        public DeploymentKeyProps build() {
            return new DeploymentKeyProps(alias, description, removalPolicy, logGroupNamePatterns);
        }
    }
}
