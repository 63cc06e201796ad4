package dev.mcpproxy.cdk.environment;

import java.util.regex.Pattern;

/** Who is told when the proxy's audit metrics cross a threshold, and the thresholds per five minutes. */
public record AlarmSettings(String email, Integer deniedCallsPerFiveMinutes, Integer upstreamErrorsPerFiveMinutes) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public AlarmSettings {
        deniedCallsPerFiveMinutes = deniedCallsPerFiveMinutes == null ? 50 : deniedCallsPerFiveMinutes;
        upstreamErrorsPerFiveMinutes = upstreamErrorsPerFiveMinutes == null ? 10 : upstreamErrorsPerFiveMinutes;
    }

    public void validate(String key, EnvironmentProblems problems) {
        problems.check(email != null && EMAIL.matcher(email).matches(), key + ".email", "must be an e-mail address");
        problems.check(deniedCallsPerFiveMinutes > 0, key + ".deniedCallsPerFiveMinutes", "must be positive");
        problems.check(upstreamErrorsPerFiveMinutes > 0, key + ".upstreamErrorsPerFiveMinutes", "must be positive");
    }
}
