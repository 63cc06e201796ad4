package dev.mcpproxy.cdk.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awscdk.regioninfo.RegionInfo;

/**
 * One deployment environment ({@code dev}, {@code staging}, {@code prod}, ...), read from
 * {@code cdk/environments/<name>/environment.yaml}. The name comes from the folder; the file may not set it.
 */
public record DeploymentEnvironment(
        String name,
        String account,
        String region,
        String prefix,
        Boolean production,
        RemovalMode removalPolicy,
        LogSettings logs,
        NetworkSettings network,
        CognitoSettings cognito,
        RuntimeSettings runtime,
        List<UpstreamDefinition> upstreams,
        RateLimitSettings rateLimits,
        RepositorySettings repository,
        AlarmSettings alarms) {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,15}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");

    public DeploymentEnvironment {
        production = production != null && production;
        removalPolicy = removalPolicy == null ? RemovalMode.RETAIN : removalPolicy;
        logs = logs == null ? LogSettings.defaults() : logs;
        network = network == null ? NetworkSettings.defaults() : network;
        runtime = runtime == null ? RuntimeSettings.defaults() : runtime;
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        rateLimits = rateLimits == null ? RateLimitSettings.defaults() : rateLimits;
        repository = repository == null ? RepositorySettings.defaults() : repository;
    }

    public DeploymentEnvironment withName(String environmentName) {
        return new DeploymentEnvironment(environmentName, account, region, prefix, production, removalPolicy, logs, network, cognito,
                runtime, upstreams, rateLimits, repository, alarms);
    }

    public DeploymentEnvironment withRuntime(RuntimeSettings newRuntime) {
        return new DeploymentEnvironment(name, account, region, prefix, production, removalPolicy, logs, network, cognito,
                newRuntime, upstreams, rateLimits, repository, alarms);
    }

    /** The runtime name: configured, or the prefix with underscores (the service rejects hyphens). */
    public String runtimeName() {
        return runtime.name() != null ? runtime.name() : prefix.replace('-', '_');
    }

    /** A production environment keeps its data and protects its callers; these rules say how. */
    private void validateProductionRules(EnvironmentProblems problems) {
        problems.check(removalPolicy == RemovalMode.RETAIN, "removalPolicy",
                "must be RETAIN in production: deleting a stack must not delete audit logs or state");
        problems.check(logs.auditRetentionDays() >= 365, "logs.auditRetentionDays", "must be at least 365 days in production");
        if (cognito != null) {
            problems.check(cognito.mfa() == CognitoSettings.MfaMode.REQUIRED, "cognito.mfa", "must be REQUIRED in production");
            problems.check(cognito.threatProtection() == CognitoSettings.ThreatProtection.ENFORCED, "cognito.threatProtection",
                    "must be ENFORCED in production");
        }
    }

    /** Two upstream names deriving one IAM statement id or one variable name: IAM rejects, or one secret is lost. */
    private void checkDerivedNamesDistinct(EnvironmentProblems problems, String what,
                                           Function<UpstreamDefinition, String> derive) {
        Map<String, String> byDerived = new LinkedHashMap<>();
        for (UpstreamDefinition upstream : upstreams) {
            if (upstream.name() == null || !UpstreamDefinition.NAME.matcher(upstream.name()).matches()) {
                continue;
            }
            String derived = derive.apply(upstream);
            String earlier = byDerived.putIfAbsent(derived, upstream.name());
            if (earlier != null && !earlier.equals(upstream.name())) {
                problems.add("upstreams", "names '" + earlier + "' and '" + upstream.name() + "' both map to " + what + " "
                        + derived + "; rename one of them");
            }
        }
    }

    public void validate(EnvironmentProblems problems) {
        problems.check(name != null && NAME.matcher(name).matches(), "name",
                "the folder name must be 1-16 lowercase letters or digits, starting with a letter");
        problems.check(account != null && ACCOUNT.matcher(account).matches(), "account",
                "must be a 12-digit AWS account id (quote it in YAML)");
        if (problems.check(region != null && REGION.matcher(region).matches(), "region", "must be an AWS region like eu-west-1")) {
            // A region aws-cdk-lib does not know has no partition or service facts: cdk-nag would fail in confusing ways.
            List<String> known = RegionInfo.getRegions().stream().map(RegionInfo::getName).sorted().toList();
            problems.check(known.contains(region), "region", "'" + region + "' is not a region aws-cdk-lib knows (known: "
                    + String.join(", ", known) + ")");
        }
        problems.check(prefix != null && PREFIX.matcher(prefix).matches(), "prefix",
                "must be 3-32 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen");
        logs.validate("logs", problems);
        network.validate("network", region, problems);
        if (problems.check(cognito != null, "cognito", "is required (domainPrefix at least)")) {
            cognito.validate("cognito", problems);
        }
        runtime.validate("runtime", problems);
        if (prefix != null && runtime.name() == null) {
            problems.check(RuntimeSettings.NAME.matcher(runtimeName()).matches(), "runtime.name",
                    "the name derived from prefix is not a valid runtime name; set runtime.name");
        }
        for (int i = 0; i < upstreams.size(); i++) {
            upstreams.get(i).validate("upstreams[" + i + "]", problems);
        }
        problems.check(upstreams.stream().map(UpstreamDefinition::name).distinct().count() == upstreams.size(),
                "upstreams", "must not repeat an upstream name");
        checkDerivedNamesDistinct(problems, "the IAM statement id", UpstreamDefinition::statementId);
        checkDerivedNamesDistinct(problems, "the secret environment variable", UpstreamDefinition::clientSecretArnVariable);
        rateLimits.validate("rateLimits", problems);
        repository.validate("repository", problems);
        if (problems.check(alarms != null, "alarms", "is required (alarms.email receives the audit alarms)")) {
            alarms.validate("alarms", problems);
        }
        if (production) {
            validateProductionRules(problems);
        }
    }
}
