package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.CognitoSettings;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;

/**
 * Properties of {@link InboundOAuth}, built with {@link #builder()}.
 *
 * @param prefix             names the pool ({@code <prefix>-callers}), the resource server and the app clients
 *                           ({@code <prefix>-<client>}). Required
 * @param cognito            the validated Cognito settings: hosted domain prefix, MFA, threat protection, resource
 *                           server identifier and scopes, groups, token validity, app clients. Required
 * @param encryptionKey      encrypts the secrets holding each client's id and secret. Default: the account's
 *                           {@code aws/secretsmanager} key
 * @param removalPolicy      what deleting the stack does to the pool and the client secrets. Default: RETAIN
 * @param deletionProtection refuses deleting the user pool. Default: false
 */
public record InboundOAuthProps(String prefix, CognitoSettings cognito, IKey encryptionKey, RemovalPolicy removalPolicy,
                                boolean deletionProtection) {
    public InboundOAuthProps {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(cognito, "cognito");
        removalPolicy = removalPolicy == null ? RemovalPolicy.RETAIN : removalPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder in the style of aws-cdk-lib's props builders; each property is documented on the record. */
    public static final class Builder {
        private String prefix;
        private CognitoSettings cognito;
        private IKey encryptionKey;
        private RemovalPolicy removalPolicy;
        private boolean deletionProtection;

        public Builder prefix(String value) { prefix = value; return this; }
        public Builder cognito(CognitoSettings value) { cognito = value; return this; }
        public Builder encryptionKey(IKey value) { encryptionKey = value; return this; }
        public Builder removalPolicy(RemovalPolicy value) { removalPolicy = value; return this; }
        public Builder deletionProtection(boolean value) { deletionProtection = value; return this; }

        public InboundOAuthProps build() {
            return new InboundOAuthProps(prefix, cognito, encryptionKey, removalPolicy, deletionProtection);
        }
    }
}
