package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.testing.StubbedSecretsManager;
import dev.mcpproxy.proxy.testing.TestSecrets;
import com.google.crypto.tink.KeysetHandle;
import dev.mcpproxy.proxy.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiKeysetLoaderTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mcp-proxy/pii-keyset-AbCdEf";
    private static final KeysetHandle KEYSET = PiiKeysetLoader.generate();
    private static final String KEYSET_JSON = PiiKeysetLoader.toJson(KEYSET);

    private final StubbedSecretsManager secretsManager = new StubbedSecretsManager();

    @AfterEach
    void stop() {
        secretsManager.close();
    }

    @Test
    void readsTheKeysetFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keyset.json"), KEYSET_JSON);

        KeysetHandle loaded = loader(Map.of()).load(new PiiKeysetConfig(null, file.toString(), null));

        assertSameKeys(loaded);
    }

    @Test
    void readsTheKeysetFromANamedOrTheDefaultEnvironmentVariable() throws Exception {
        assertSameKeys(loader(Map.of("MY_KEYSET", KEYSET_JSON)).load(new PiiKeysetConfig("MY_KEYSET", null, null)));
        assertSameKeys(loader(Map.of(PiiKeysetLoader.KEYSET_ENV, KEYSET_JSON)).load(PiiKeysetConfig.fromEnvironment()));
    }

    @Test
    void readsTheKeysetFromSecretsManagerInTheSecretsRegion() throws Exception {
        secretsManager.stubSecret(ARN, KEYSET_JSON);

        assertSameKeys(loader(Map.of()).load(new PiiKeysetConfig(null, null, ARN)));
        assertSameKeys(loader(Map.of(PiiKeysetLoader.SECRET_ARN_ENV, ARN)).load(PiiKeysetConfig.fromEnvironment()));
        assertThat(secretsManager.regionsAsked()).containsOnly("eu-west-1");
    }

    @Test
    void failuresNameTheSourceButNeverTheKeyMaterial(@TempDir Path dir) throws Exception {
        String notDeterministic = KEYSET_JSON.replace("AesSivKey", "AesGcmKey");
        Path file = Files.writeString(dir.resolve("keyset.json"), notDeterministic);

        assertThatThrownBy(() -> loader(Map.of()).load(new PiiKeysetConfig(null, file.toString(), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pii.keyset.file: file " + file)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(keyValue(KEYSET_JSON)));
        assertThatThrownBy(() -> loader(Map.of()).load(new PiiKeysetConfig(null, dir.resolve("none").toString(), null)))
                .hasMessageContaining("pii.keyset.file: cannot read");
        assertThatThrownBy(() -> loader(Map.of()).load(new PiiKeysetConfig("UNSET", null, null)))
                .hasMessageContaining("pii.keyset.env: environment variable UNSET is not set");
        secretsManager.stubMissing(ARN);
        assertThatThrownBy(() -> loader(Map.of()).load(new PiiKeysetConfig(null, null, ARN)))
                .hasMessageContaining("pii.keyset.secretArn: cannot read secret " + ARN);
    }

    @Test
    void rawKeyMaterialAsTheCdkAppGeneratesItDerivesTheSameKeysetOnEveryInstance() throws Exception {
        String material = TestSecrets.alphanumeric(64);
        secretsManager.stubSecret(ARN, material);

        PiiTokenizer one = new PiiTokenizer(loader(Map.of(PiiKeysetLoader.SECRET_ARN_ENV, ARN))
                .load(PiiKeysetConfig.fromEnvironment()));
        PiiTokenizer other = new PiiTokenizer(loader(Map.of("MATERIAL", material + "\n"))
                .load(new PiiKeysetConfig("MATERIAL", null, null)));
        PiiTokenizer otherMaterial = new PiiTokenizer(loader(Map.of("MATERIAL", material.substring(1) + "x"))
                .load(new PiiKeysetConfig("MATERIAL", null, null)));

        String token = one.tokenize("email", "jane@example.com");
        assertThat(other.tokenize("email", "jane@example.com")).isEqualTo(token);
        assertThat(other.restore(token, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo("jane@example.com");
        assertThat(otherMaterial.tokenize("email", "jane@example.com")).isNotEqualTo(token);
        assertThat(otherMaterial.restore(token, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(token);
    }

    @Test
    void keyMaterialShorterThan32CharactersIsRejectedNamingTheKeyNotTheMaterial() {
        String material = TestSecrets.alphanumeric(31);

        assertThatThrownBy(() -> loader(Map.of("MATERIAL", material)).load(new PiiKeysetConfig("MATERIAL", null, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pii.keyset.env: environment variable MATERIAL holds neither a Tink JSON keyset "
                        + "nor key material of at least 32 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(material));
    }

    @Test
    void withoutAnySourceATemporaryKeysetIsUsed() throws Exception {
        KeysetHandle temporary = loader(Map.of()).load(PiiKeysetConfig.fromEnvironment());

        assertThat(new PiiTokenizer(temporary).tokenize("email", "a@b.co")).startsWith("pii_email_");
    }

    @Test
    void aRotatedKeysetStillRestoresOldTokensAndMintsNewOnes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keyset.json"), KEYSET_JSON);
        String oldToken = new PiiTokenizer(KEYSET).tokenize("email", "jane@example.com");

        KeysetHandle rotated = PiiKeysetGenerator.rotate(file);
        PiiTokenizer tokenizer = new PiiTokenizer(rotated);

        assertThat(rotated.size()).isEqualTo(2);
        assertThat(tokenizer.restore(oldToken, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo("jane@example.com");
        String newToken = tokenizer.tokenize("email", "jane@example.com");
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(new PiiTokenizer(KEYSET).restore(newToken, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(newToken);
    }


    private PiiKeysetLoader loader(Map<String, String> environment) {
        return new PiiKeysetLoader(environment::get, secretsManager::client);
    }

    private static void assertSameKeys(KeysetHandle loaded) throws GeneralSecurityException {
        assertThat(new PiiTokenizer(loaded).tokenize("email", "jane@example.com"))
                .isEqualTo(new PiiTokenizer(KEYSET).tokenize("email", "jane@example.com"));
    }

    private static String keyValue(String json) {
        int at = json.indexOf("\"value\":\"") + 9;
        return json.substring(at, json.indexOf('"', at));
    }
}
