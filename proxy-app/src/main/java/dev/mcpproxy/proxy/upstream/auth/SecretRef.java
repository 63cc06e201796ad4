package dev.mcpproxy.proxy.upstream.auth;

import dev.mcpproxy.proxy.config.ConfigProblems;

/**
 * Where a secret lives: exactly one of an environment variable, a file, or an AWS Secrets Manager
 * secret (ARN or name). Only the reference is configuration; the value is never printed.
 *
 * @param env            environment variable name
 * @param file           path of a file holding the secret (surrounding whitespace trimmed)
 * @param secretsManager Secrets Manager secret ARN or name
 * @param jsonKey        when the secret's value is a JSON object, the field to use
 * @param refreshSeconds how often a Secrets Manager or file secret is read again, so a rotated
 *                       secret is picked up without a restart (default 300)
 */
public record SecretRef(String env, String file, String secretsManager, String jsonKey, Integer refreshSeconds) {

    public static final int DEFAULT_REFRESH_SECONDS = 300;

    public SecretRef {
        refreshSeconds = refreshSeconds == null ? DEFAULT_REFRESH_SECONDS : refreshSeconds;
    }

    public static SecretRef fromEnv(String variable) {
        return new SecretRef(variable, null, null, null, null);
    }

    public static SecretRef fromFile(String path) {
        return new SecretRef(null, path, null, null, null);
    }

    public static SecretRef fromSecretsManager(String secretId, String jsonKey) {
        return new SecretRef(null, null, secretId, jsonKey, null);
    }

    public void validate(String key, ConfigProblems problems) {
        int sources = (present(env) ? 1 : 0) + (present(file) ? 1 : 0) + (present(secretsManager) ? 1 : 0);
        problems.check(sources == 1, key, "set exactly one of env, file, secretsManager");
        problems.check(refreshSeconds > 0, key + ".refreshSeconds", "must be positive");
        problems.check(jsonKey == null || !jsonKey.isBlank(), key + ".jsonKey", "must not be blank");
    }

    /** Where the secret comes from, for error messages and logs; never the value. */
    public String describe() {
        if (present(env)) {
            return "environment variable " + env;
        }
        if (present(file)) {
            return "file " + file;
        }
        return "Secrets Manager secret " + secretsManager + (jsonKey == null ? "" : " (key " + jsonKey + ")");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
