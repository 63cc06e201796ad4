package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.CognitoSettings;
import dev.mcpproxy.cdk.nag.Suppress;
import dev.mcpproxy.contracts.CognitoClients;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.CfnUserPoolClient;
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
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Inbound OAuth for the runtime's JWT authorizer: a user pool without self sign-up, a resource server with the
 * environment's scopes, a hosted domain serving the token URL, one client-credentials app client per declared caller
 * (each with only its scopes) and the user groups policies refer to. Client secrets land only in Secrets Manager.
 */
public final class InboundOAuth extends Construct {
    private final UserPool userPool;
    private final UserPoolDomain domain;
    private final Map<String, AppClient> clients = new LinkedHashMap<>();

    /** A deployed app client: its name, the Cognito client, its credentials secret and its scopes as Cognito issues them. */
    public record AppClient(CognitoSettings.AppClient definition, UserPoolClient client, Secret credentials,
                            List<String> qualifiedScopes) {
        public String name() {
            return definition.name();
        }
    }

    public InboundOAuth(Construct scope, String id, InboundOAuthProps props) {
        super(scope, id);
        CognitoSettings cognito = props.cognito();
        UserPool.Builder pool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(props.prefix() + "-callers")
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
                .deletionProtection(props.deletionProtection())
                .removalPolicy(props.removalPolicy());
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
                        .userPoolResourceServerName(props.prefix() + " MCP proxy")
                        .scopes(scopes)
                        .build());

        domain = userPool.addDomain("Domain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(cognito.domainPrefix()).build())
                .build());

        for (CognitoSettings.AppClient client : cognito.clients()) {
            clients.put(client.name(), appClient(client, resourceServer, props));
        }

        for (String group : cognito.groups()) {
            UserPoolGroup.Builder.create(this, "Group-" + group)
                    .userPool(userPool)
                    .groupName(group)
                    .description("Callers the proxy's policies refer to as '" + group + "'")
                    .build();
        }
    }

    /**
     * One client-credentials client with exactly its declared scopes, and the Secrets Manager secret holding its id
     * and secret. CloudFormation returns the generated secret as {@code Fn::GetAtt ClientSecret}, so no custom
     * resource reads it; the stack outputs only the secret's ARN. The operator client keeps the construct ids of the
     * single machine client earlier versions had, so updating an environment keeps its client id.
     */
    private AppClient appClient(CognitoSettings.AppClient declared, UserPoolResourceServer resourceServer, InboundOAuthProps props) {
        CognitoSettings cognito = props.cognito();
        boolean operator = declared.name().equals(CognitoClients.OPERATOR);
        String id = operator ? "MachineClient" : "Client" + declared.pascalName();
        UserPoolClient client = userPool.addClient(id, UserPoolClientOptions.builder()
                .userPoolClientName(props.prefix() + "-" + declared.name())
                .generateSecret(true)
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().clientCredentials(true).build())
                        .scopes(declared.scopes().stream()
                                .map(s -> OAuthScope.custom(cognito.qualifiedScope(s)))
                                .toList())
                        .build())
                .accessTokenValidity(Duration.minutes(cognito.accessTokenValidityMinutes()))
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                .build());
        client.getNode().addDependency(resourceServer);
        CfnUserPoolClient cfnClient = (CfnUserPoolClient) client.getNode().getDefaultChild();
        Secret credentials = Secret.Builder.create(this, operator ? "MachineClientCredentials" : id + "Credentials")
                .description("Client id and secret of the " + props.prefix() + " app client '" + declared.name()
                        + "' (client_credentials grant)")
                .encryptionKey(props.encryptionKey())
                // Sorted: Map.of iterates in a per-JVM order, which would make the template differ between runs.
                .secretObjectValue(new TreeMap<>(Map.of(
                        CognitoClients.SECRET_CLIENT_ID, SecretValue.unsafePlainText(client.getUserPoolClientId()),
                        CognitoClients.SECRET_CLIENT_SECRET, SecretValue.resourceAttribute(cfnClient.getAttrClientSecret()))))
                .removalPolicy(props.removalPolicy())
                .build();
        Suppress.rule(credentials, "AwsSolutions-SMG4",
                "Cognito issues the client secret and rotates it without downtime (AddUserPoolClientSecret: two active secrets "
                        + "per client: add one, store it here, delete the old one; see docs/cdk.md, "
                        + "'Rotating a client secret'); a Secrets Manager rotation Lambda would add nothing.");
        return new AppClient(declared, client, credentials,
                declared.scopes().stream().map(cognito::qualifiedScope).toList());
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

    /** Every app client in declaration order, the operator client included. */
    public List<AppClient> clients() {
        return List.copyOf(clients.values());
    }

    /** The client the CLI uses by default. */
    public AppClient operator() {
        return clients.get(CognitoClients.OPERATOR);
    }


    public String tokenUrl() {
        return domain.baseUrl() + "/oauth2/token";
    }
}
