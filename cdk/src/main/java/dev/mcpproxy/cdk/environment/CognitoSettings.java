package dev.mcpproxy.cdk.environment;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Inbound OAuth: the Cognito user pool's hosted domain prefix, MFA and threat protection, the resource server's
 * identifier and scopes, the groups policies refer to, and the access token lifetime of the machine client.
 */
public record CognitoSettings(
        String domainPrefix,
        MfaMode mfa,
        ThreatProtection threatProtection,
        String resourceServerIdentifier,
        List<String> scopes,
        List<String> groups,
        Integer accessTokenValidityMinutes) {

    /** Multi-factor authentication for human users of the pool; machine clients never use it. */
    public enum MfaMode { NONE, OPTIONAL, REQUIRED }

    /** Cognito threat protection (formerly advanced security); AUDIT and ENFORCED need the Plus feature plan. */
    public enum ThreatProtection { NONE, AUDIT, ENFORCED }

    private static final Pattern DOMAIN_PREFIX = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");

    public CognitoSettings {
        mfa = mfa == null ? MfaMode.REQUIRED : mfa;
        threatProtection = threatProtection == null ? ThreatProtection.ENFORCED : threatProtection;
        resourceServerIdentifier = resourceServerIdentifier == null ? "mcp-proxy" : resourceServerIdentifier;
        scopes = scopes == null ? List.of("invoke", "admin") : List.copyOf(scopes);
        groups = groups == null ? List.of() : List.copyOf(groups);
        accessTokenValidityMinutes = accessTokenValidityMinutes == null ? 60 : accessTokenValidityMinutes;
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
        problems.check(scopes.contains("invoke"), key + ".scopes", "must contain 'invoke', the scope the runtime requires");
        checkNames(key + ".scopes", scopes, problems);
        checkNames(key + ".groups", groups, problems);
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
