package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.CognitoSettings;
import dev.mcpproxy.cdk.environment.DeploymentEnvironment;
import dev.mcpproxy.cdk.nag.Suppress;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolGroup;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Inbound OAuth for the runtime's JWT authorizer: a user pool without self sign-up, a resource server with the
 * environment's scopes, a hosted domain serving the token URL, a machine-to-machine client (client credentials,
 * generated secret) and the user groups policies refer to. The client secret lands only in Secrets Manager.
 */
public final class InboundOAuth extends Construct {
    private final UserPool userPool;
    private final UserPoolClient machineClient;
    private final UserPoolDomain domain;
    private final Secret clientCredentials;
    private final List<String> qualifiedScopes;

    public InboundOAuth(Construct scope, String id, DeploymentEnvironment environment, IKey key) {
        super(scope, id);
        CognitoSettings cognito = environment.cognito();
        UserPool.Builder pool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(environment.prefix() + "-callers")
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().username(true).email(true).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(14)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
                        .tempPasswordValidity(Duration.days(3))
                        .build())
                .mfa(switch (cognito.mfa()) {
                    case NONE -> Mfa.OFF;
                    case OPTIONAL -> Mfa.OPTIONAL;
                    case REQUIRED -> Mfa.REQUIRED;
                })
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .deletionProtection(environment.production())
                .removalPolicy(environment.removalPolicy().policy());
        switch (cognito.threatProtection()) {
            case NONE -> pool.featurePlan(FeaturePlan.ESSENTIALS);
            case AUDIT -> pool.featurePlan(FeaturePlan.PLUS).standardThreatProtectionMode(StandardThreatProtectionMode.AUDIT_ONLY);
            case ENFORCED -> pool.featurePlan(FeaturePlan.PLUS).standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION);
        }
        userPool = pool.build();
        suppressPoolFindings(cognito);

        List<ResourceServerScope> scopes = cognito.scopes().stream()
                .map(s -> ResourceServerScope.Builder.create().scopeName(s).scopeDescription("MCP proxy " + s).build())
                .toList();
        UserPoolResourceServer resourceServer = userPool.addResourceServer("ResourceServer",
                UserPoolResourceServerOptions.builder()
                        .identifier(cognito.resourceServerIdentifier())
                        .userPoolResourceServerName(environment.prefix() + " MCP proxy")
                        .scopes(scopes)
                        .build());
        qualifiedScopes = cognito.scopes().stream().map(cognito::qualifiedScope).toList();

        domain = userPool.addDomain("Domain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(cognito.domainPrefix()).build())
                .build());

        machineClient = userPool.addClient("MachineClient", UserPoolClientOptions.builder()
                .userPoolClientName(environment.prefix() + "-machine")
                .generateSecret(true)
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().clientCredentials(true).build())
                        .scopes(scopes.stream().map(s -> OAuthScope.resourceServer(resourceServer, s)).toList())
                        .build())
                .accessTokenValidity(Duration.minutes(cognito.accessTokenValidityMinutes()))
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                .build());
        machineClient.getNode().addDependency(resourceServer);

        for (String group : cognito.groups()) {
            UserPoolGroup.Builder.create(this, "Group-" + group)
                    .userPool(userPool)
                    .groupName(group)
                    .description("Callers the proxy's policies refer to as '" + group + "'")
                    .build();
        }

        // The secret is read once at deploy time by CDK's DescribeUserPoolClient custom resource and never leaves
        // Secrets Manager: callers fetch it from there, the stack outputs only its ARN.
        clientCredentials = Secret.Builder.create(this, "MachineClientCredentials")
                .description("Client id and secret of the " + environment.prefix() + " machine client (client_credentials grant)")
                .encryptionKey(key)
                .secretObjectValue(Map.of(
                        "clientId", SecretValue.unsafePlainText(machineClient.getUserPoolClientId()),
                        "clientSecret", machineClient.getUserPoolClientSecret()))
                .removalPolicy(environment.removalPolicy().policy())
                .build();
        Suppress.rule(clientCredentials, "AwsSolutions-SMG4",
                "Cognito generates the client secret; rotating it means creating a new app client, which is a redeploy, not a Secrets Manager rotation.");
    }

    private void suppressPoolFindings(CognitoSettings cognito) {
        if (cognito.mfa() != CognitoSettings.MfaMode.REQUIRED) {
            Suppress.rule(userPool, "AwsSolutions-COG2",
                    "MFA is " + cognito.mfa() + " in this non-production environment by its definition; callers are machine clients using client credentials, which MFA does not apply to.");
        }
        if (cognito.threatProtection() != CognitoSettings.ThreatProtection.ENFORCED) {
            Suppress.rule(userPool, "AwsSolutions-COG3",
                    "Threat protection is " + cognito.threatProtection() + " in this non-production environment by its definition; production validation requires ENFORCED.");
        }
    }

    public UserPool userPool() {
        return userPool;
    }

    public UserPoolClient machineClient() {
        return machineClient;
    }

    public Secret clientCredentials() {
        return clientCredentials;
    }

    public List<String> qualifiedScopes() {
        return qualifiedScopes;
    }

    public String tokenUrl() {
        return domain.baseUrl() + "/oauth2/token";
    }
}
