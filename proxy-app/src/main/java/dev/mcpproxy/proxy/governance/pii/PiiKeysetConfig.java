package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the Tink keyset (JSON, one or more AES-SIV keys) comes from; at most one source. Absent
 * all three, the environment variables {@value PiiKeysetLoader#KEYSET_ENV} (the keyset itself) and
 * {@value PiiKeysetLoader#SECRET_ARN_ENV} (a secret holding it) are consulted, and failing those a
 * temporary keyset is generated, whose tokens die with the process. Every source may instead hold
 * raw key material (at least 32 characters, e.g. a generated secret string), from which an
 * AES-SIV keyset is derived (see {@link DerivedKeyset}).
 *
 * @param env       name of an environment variable holding the keyset JSON
 * @param file      path of a file holding the keyset JSON
 * @param secretArn AWS Secrets Manager secret whose string value is the keyset JSON
 */
public record PiiKeysetConfig(String env, String file, String secretArn) {
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");

    public static PiiKeysetConfig fromEnvironment() {
        return new PiiKeysetConfig(null, null, null);
    }

    public void validate(String key, ConfigProblems problems) {
        long sources = Stream.of(env, file, secretArn).filter(v -> v != null).count();
        problems.check(sources <= 1, key, "give at most one of env, file, secretArn");
        problems.check(env == null || !env.isBlank(), key + ".env", "must name an environment variable");
        problems.check(file == null || !file.isBlank(), key + ".file", "must be a path");
        problems.check(secretArn == null || SECRET_ARN.matcher(secretArn).matches(), key + ".secretArn",
                "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
    }

    static boolean isSecretArn(String value) {
        return SECRET_ARN.matcher(value).matches();
    }

    /** The region named in a secret ARN. */
    static String region(String secretArn) {
        return secretArn.split(":", 6)[3];
    }
}
