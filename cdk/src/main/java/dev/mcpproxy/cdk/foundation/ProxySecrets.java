package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.DeploymentEnvironment;
import dev.mcpproxy.cdk.environment.UpstreamDefinition;
import dev.mcpproxy.cdk.nag.Suppress;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The proxy's secrets, encrypted with the deployment key: one OAuth client secret per upstream that has one
 * (imported by ARN, or created empty for the operator to fill in) and the PII tokenization key material.
 */
public final class ProxySecrets extends Construct {
    /** Environment variable naming the PII tokenization key secret. */
    public static final String PII_KEY_VARIABLE = "PII_TOKENIZATION_KEY_SECRET_ARN";

    private final Map<String, ISecret> byVariable = new LinkedHashMap<>();

    public ProxySecrets(Construct scope, String id, DeploymentEnvironment environment, IKey key) {
        super(scope, id);
        for (UpstreamDefinition upstream : environment.upstreams()) {
            if (upstream.clientSecretArn() != null) {
                byVariable.put(upstream.clientSecretArnVariable(),
                        Secret.fromSecretCompleteArn(this, "Imported-" + upstream.name(), upstream.clientSecretArn()));
            } else if (upstream.createClientSecret()) {
                byVariable.put(upstream.clientSecretArnVariable(), emptySecret(upstream, environment, key));
            }
        }
        Secret piiKey = Secret.Builder.create(this, "PiiTokenizationKey")
                .description("Key material for reversible PII tokenization by the " + environment.prefix() + " MCP proxy")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).build())
                .removalPolicy(environment.removalPolicy().policy())
                .build();
        Suppress.rule(piiKey, "AwsSolutions-SMG4",
                "Rotating the tokenization key would make every token issued so far undecodable; it is rotated by a planned key roll-over, not automatically.");
        byVariable.put(PII_KEY_VARIABLE, piiKey);
    }

    /** Secrets keyed by the environment variable that carries their ARN to the proxy. */
    public Map<String, ISecret> byVariable() {
        return Map.copyOf(byVariable);
    }

    private Secret emptySecret(UpstreamDefinition upstream, DeploymentEnvironment environment, IKey key) {
        Secret secret = Secret.Builder.create(this, "ClientSecret-" + upstream.name())
                .description("OAuth client secret of upstream '" + upstream.name() + "'. Created empty: set it with "
                        + "'aws secretsmanager put-secret-value --secret-id <this ARN> --secret-string <secret>'.")
                .encryptionKey(key)
                .removalPolicy(environment.removalPolicy().policy())
                .build();
        // Without GenerateSecretString CloudFormation creates the secret with no value instead of a random password.
        ((software.amazon.awscdk.CfnResource) secret.getNode().getDefaultChild()).addPropertyDeletionOverride("GenerateSecretString");
        Suppress.rule(secret, "AwsSolutions-SMG4",
                "The upstream's authorization server issues this client secret; it is rotated there and then stored here.");
        return secret;
    }
}
