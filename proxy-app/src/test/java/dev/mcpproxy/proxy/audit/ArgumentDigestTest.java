package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ArgumentDigestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How canonical JSON was first defined: through plain Java values with map keys sorted. */
    private static final ObjectMapper SORTED_MAPS = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "null", "true", "42", "-7.25", "1.0", "1e300", "123456789012345678901234567890",
            "\"text with \\\"quotes\\\", \\u00e9 and \\n\"",
            "{\"b\":1,\"a\":{\"z\":[3,{\"y\":null,\"x\":false}],\"m\":\"\"},\"A\":2,\"_\":[]}",
            "[{\"b\":2,\"a\":1},[\"\\u2603\",0.1,-0.0],{}]"})
    void canonicalJsonSortsKeysAndKeepsValuesAsBefore(String input) throws Exception {
        JsonNode value = JSON.readTree(input);

        assertThat(new String(ArgumentDigest.canonicalBytes(value), StandardCharsets.UTF_8))
                .isEqualTo(SORTED_MAPS.writeValueAsString(SORTED_MAPS.treeToValue(value, Object.class)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"b\":1,\"a\":2}", "{\"a\":2,\"b\":1}"})
    void equalArgumentsInAnyKeyOrderGiveOneDigestUnderOneKey(String input) throws Exception {
        ArgumentDigest digest = new ArgumentDigest("digest-test-key-0123".getBytes(StandardCharsets.UTF_8));

        assertThat(digest.digest(JSON.readTree(input)))
                .isEqualTo(digest.digest(JSON.readTree("{\"a\":2,\"b\":1}")))
                .satisfies(digested -> assertThat(digested.value()).startsWith("hmac-sha256:"))
                .satisfies(digested -> assertThat(digested.canonicalBytes()).isEqualTo(13));
    }
}
