package dev.mcpproxy.proxy.governance.pii;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import dev.mcpproxy.contracts.EnvironmentVariables;
import dev.mcpproxy.proxy.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.Function;

/**
 * Loads the tokenization keyset from its configured source. Failures name the source, never the
 * content: key material reaches neither a log line nor an exception message.
 */
public final class PiiKeysetLoader {
    public static final String KEYSET_ENV = EnvironmentVariables.PII_KEYSET;
    public static final String SECRET_ARN_ENV = EnvironmentVariables.PII_KEYSET_SECRET_ARN;
    private static final Logger LOG = LoggerFactory.getLogger(PiiKeysetLoader.class);

    static {
        try {
            DeterministicAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Function<String, String> environment;
    private final Function<String, SecretsManagerClient> secretsManagers;

    /** Reads the process environment and calls Secrets Manager in the secret's region. */
    public PiiKeysetLoader() {
        this(System::getenv, region -> SecretsManagerClient.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .build());
    }

    /**
     * @param environment     environment variable lookup
     * @param secretsManagers a client for a region (tests point it at a local endpoint)
     */
    public PiiKeysetLoader(Function<String, String> environment, Function<String, SecretsManagerClient> secretsManagers) {
        this.environment = environment;
        this.secretsManagers = secretsManagers;
    }

    public KeysetHandle load(PiiKeysetConfig config) {
        if (config.env() != null) {
            return fromEnvironment("pii.keyset.env", config.env());
        }
        if (config.file() != null) {
            return fromFile(Path.of(config.file()));
        }
        if (config.secretArn() != null) {
            return fromSecret("pii.keyset.secretArn", config.secretArn());
        }
        if (environment.apply(KEYSET_ENV) != null) {
            return fromEnvironment("pii.keyset", KEYSET_ENV);
        }
        String arn = environment.apply(SECRET_ARN_ENV);
        if (arn != null) {
            if (!PiiKeysetConfig.isSecretArn(arn)) {
                throw problem("pii.keyset", "environment variable " + SECRET_ARN_ENV + " is not a Secrets Manager secret ARN");
            }
            return fromSecret("pii.keyset", arn);
        }
        LOG.warn("pii: no keyset configured; using a temporary one, so tokens will not decode after a restart "
                + "or on another instance (set pii.keyset or {})", KEYSET_ENV);
        return generate();
    }

    /** A new keyset with one AES-256-SIV key. */
    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Generating a keyset failed", e);
        }
    }

    /** The keyset as Tink JSON, key material included: for writing a keyset file, never for logs. */
    public static String toJson(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Serializing the keyset failed", e);
        }
    }

    private KeysetHandle fromEnvironment(String key, String variable) {
        String text = environment.apply(variable);
        if (text == null || text.isBlank()) {
            throw problem(key, "environment variable " + variable + " is not set");
        }
        return parse(key, text, "environment variable " + variable);
    }

    private static KeysetHandle fromFile(Path path) {
        try {
            return parse("pii.keyset.file", Files.readString(path, StandardCharsets.UTF_8), "file " + path);
        } catch (IOException e) {
            throw problem("pii.keyset.file", "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private KeysetHandle fromSecret(String key, String arn) {
        try (SecretsManagerClient client = secretsManagers.apply(PiiKeysetConfig.region(arn))) {
            GetSecretValueResponse secret = client.getSecretValue(request -> request.secretId(arn));
            String text = secret.secretString() != null ? secret.secretString()
                    : secret.secretBinary() == null ? null : secret.secretBinary().asUtf8String();
            if (text == null) {
                throw problem(key, "secret " + arn + " has no value");
            }
            return parse(key, text, "secret " + arn);
        } catch (SdkException e) {
            throw problem(key, "cannot read secret " + arn + ": " + e.getMessage());
        }
    }

    /**
     * A Tink JSON keyset, or else raw key material (such as the random string the CDK app
     * generates) from which an AES-SIV keyset is derived.
     */
    private static KeysetHandle parse(String key, String text, String source) {
        if (text.stripLeading().startsWith("{")) {
            return parseJson(key, text, source);
        }
        if (!DerivedKeyset.isLongEnough(text)) {
            throw problem(key, source + " holds neither a Tink JSON keyset nor key material of at least "
                    + DerivedKeyset.MIN_MATERIAL_LENGTH + " characters");
        }
        try {
            return DerivedKeyset.derive(text);
        } catch (GeneralSecurityException e) {
            throw problem(key, "deriving a keyset from " + source + " failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static KeysetHandle parseJson(String key, String json, String source) {
        try {
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            new PiiTokenizer(keyset);
            return keyset;
        } catch (GeneralSecurityException | RuntimeException e) {
            // Tink's message may quote the input; only the source is named.
            throw problem(key, source + " does not hold a Tink JSON keyset of deterministic AEAD (AES-SIV) keys");
        }
    }

    private static ConfigException problem(String key, String problem) {
        return new ConfigException(List.of(key + ": " + problem));
    }
}
