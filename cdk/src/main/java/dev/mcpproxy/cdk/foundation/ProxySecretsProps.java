package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.UpstreamDefinition;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;

/**
 * Properties of {@link ProxySecrets}, built with {@link #builder()}.
 *
 * @param prefix        names the deployment in the secrets' descriptions. Required
 * @param upstreams     the upstreams; each with {@code clientSecretArn} gets that secret imported, each with
 *                      {@code createClientSecret} an empty one. Default: none
 * @param encryptionKey encrypts the created secrets. Default: the account's {@code aws/secretsmanager} key
 * @param removalPolicy what deleting the stack does to the created secrets. Default: RETAIN
 */
public record ProxySecretsProps(String prefix, List<UpstreamDefinition> upstreams, IKey encryptionKey, RemovalPolicy removalPolicy) {
    public ProxySecretsProps {
        Objects.requireNonNull(prefix, "prefix");
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        removalPolicy = removalPolicy == null ? RemovalPolicy.RETAIN : removalPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder in the style of aws-cdk-lib's props builders; each property is documented on the record. */
    public static final class Builder {
        private String prefix;
        private List<UpstreamDefinition> upstreams;
        private IKey encryptionKey;
        private RemovalPolicy removalPolicy;

        public Builder prefix(String value) { prefix = value; return this; }
        public Builder upstreams(List<UpstreamDefinition> value) { upstreams = value; return this; }
        public Builder encryptionKey(IKey value) { encryptionKey = value; return this; }
        public Builder removalPolicy(RemovalPolicy value) { removalPolicy = value; return this; }

        public ProxySecretsProps build() {
            return new ProxySecretsProps(prefix, upstreams, encryptionKey, removalPolicy);
        }
    }
}
