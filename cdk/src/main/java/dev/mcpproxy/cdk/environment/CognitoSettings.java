package dev.mcpproxy.cdk.environment;

import dev.mcpproxy.contracts.CognitoClients;
import dev.mcpproxy.contracts.StackOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Inbound OAuth: the Cognito user pool's hosted domain prefix, MFA and threat protection, the resource server's
 * identifier and scopes, the groups policies refer to, the access token lifetime, and the app clients (an
 * {@code operator} client is added when none is declared).
 */
public record CognitoSettings(
        String domainPrefix,
        MfaMode mfa,
        ThreatProtection threatProtection,
        String resourceServerIdentifier,
        List<String> scopes,
        List<String> groups,
        Integer accessTokenValidityMinutes,
        List<AppClient> clients) {

    private static final Pattern CLIENT_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /**
     * One app client (client credentials, generated secret) per calling agent or team, with the scopes it may
     * request (names without the resource-server prefix).
     */
    public record AppClient(String name, List<String> scopes, String description) {
        public AppClient {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        /** {@code support-agent} becomes {@code SupportAgent}: the suffix of its stack outputs. */
        public String pascalName() {
            return StackOutputs.pascal(name);
        }

        void validate(String key, List<String> poolScopes, EnvironmentProblems problems) {
            if (!problems.check(name != null && CLIENT_NAME.matcher(name).matches() && name.length() <= 64, key + ".name",
                    "must be lowercase letters and digits in hyphen-separated words, at most 64 characters (e.g. support-agent)")) {
                return;
            }
            problems.check(scopes.contains(CognitoClients.INVOKE_SCOPE), key + ".scopes",
                    "must contain 'invoke', the scope the runtime requires");
            for (int i = 0; i < scopes.size(); i++) {
                problems.check(poolScopes.contains(scopes.get(i)), key + ".scopes[" + i + "]",
                        "'" + scopes.get(i) + "' is not one of cognito.scopes " + poolScopes);
            }
            problems.check(scopes.stream().distinct().count() == scopes.size(), key + ".scopes", "must not repeat a scope");
            problems.check(description == null || description.length() <= 256, key + ".description", "at most 256 characters");
        }
    }

    /** Multi-factor authentication for human users of the pool; machine clients never use it. */
    public enum MfaMode { NONE, OPTIONAL, REQUIRED }

    /** Cognito threat protection (formerly advanced security); AUDIT and ENFORCED need the Plus feature plan. */
    public enum ThreatProtection { NONE, AUDIT, ENFORCED }

    private static final Pattern DOMAIN_PREFIX = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");

    public CognitoSettings {
        mfa = mfa == null ? MfaMode.REQUIRED : mfa;
        threatProtection = threatProtection == null ? ThreatProtection.ENFORCED : threatProtection;
        resourceServerIdentifier = resourceServerIdentifier == null ? CognitoClients.DEFAULT_RESOURCE_SERVER : resourceServerIdentifier;
        scopes = scopes == null ? List.of(CognitoClients.INVOKE_SCOPE, "admin") : List.copyOf(scopes);
        groups = groups == null ? List.of() : List.copyOf(groups);
        accessTokenValidityMinutes = accessTokenValidityMinutes == null ? 60 : accessTokenValidityMinutes;
        clients = clients == null ? List.of() : List.copyOf(clients);
        if (clients.stream().noneMatch(c -> CognitoClients.OPERATOR.equals(c.name()))) {
            List<AppClient> withOperator = new ArrayList<>();
            withOperator.add(new AppClient(CognitoClients.OPERATOR, scopes, "Operators and the CLI: every scope of the environment"));
            withOperator.addAll(clients);
            clients = List.copyOf(withOperator);
        }
    }

    public AppClient operator() {
        return clients.stream().filter(c -> CognitoClients.OPERATOR.equals(c.name())).findFirst().orElseThrow();
    }

    /** The scope string a client requests, e.g. {@code mcp-proxy/invoke}. */
    public String qualifiedScope(String scope) {
        return resourceServerIdentifier + "/" + scope;
    }

    public void validate(String key, EnvironmentProblems problems) {
        if (problems.check(domainPrefix != null, key + ".domainPrefix", "is required (the hosted domain serving the token URL)")) {
            problems.check(DOMAIN_PREFIX.matcher(domainPrefix).matches(), key + ".domainPrefix",
                    "must be 1-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen");
            problems.check(!domainPrefix.matches(".*(aws|amazon|cognito).*"), key + ".domainPrefix",
                    "must not contain the reserved words aws, amazon or cognito");
        }
        problems.check(NAME.matcher(resourceServerIdentifier).matches(), key + ".resourceServerIdentifier",
                "must start with a letter and contain only letters, digits, '_', '.' or '-'");
        problems.check(scopes.contains(CognitoClients.INVOKE_SCOPE), key + ".scopes",
                "must contain 'invoke', the scope the runtime requires");
        checkNames(key + ".scopes", scopes, problems);
        checkNames(key + ".groups", groups, problems);
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).validate(key + ".clients[" + i + "]", scopes, problems);
        }
        problems.check(clients.stream().map(AppClient::name).distinct().count() == clients.size(), key + ".clients",
                "must not repeat a client name");
        List<AppClient> wellNamed = clients.stream()
                .filter(c -> c.name() != null && CLIENT_NAME.matcher(c.name()).matches()).toList();
        problems.check(wellNamed.stream().map(AppClient::pascalName).distinct().count() == wellNamed.size(),
                key + ".clients", "two client names give the same output name (e.g. a-1 and a1 both give A1)");
        problems.check(accessTokenValidityMinutes >= 5 && accessTokenValidityMinutes <= 1440,
                key + ".accessTokenValidityMinutes", "must be between 5 and 1440 minutes");
    }

    private static void checkNames(String key, List<String> names, EnvironmentProblems problems) {
        for (int i = 0; i < names.size(); i++) {
            problems.check(NAME.matcher(names.get(i)).matches(), key + "[" + i + "]",
                    "must start with a letter and contain only letters, digits, '_', '.' or '-'");
        }
        problems.check(names.stream().distinct().count() == names.size(), key, "must not repeat a name");
    }
}
