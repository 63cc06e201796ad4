package dev.mcpproxy.proxy.jsonrpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTreeWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "null", "true", "42", "-7.25", "1.0", "1e300", "123456789012345678901234567890",
            "9223372036854775807", "0.1000000000000000055511151231257827",
            "\"text with \\\"quotes\\\", \\u00e9, \\u2603, \\ud83d\\ude00 and \\n\\t\\u0001\"",
            "{\"b\":1,\"a\":{\"z\":[3,{\"y\":null,\"x\":false}],\"m\":\"\"},\"A\":2,\"_\":[]}"})
    void writesWhatJacksonWritesAndCountsItsBytes(String input) throws Exception {
        JsonNode tree = JSON.readTree(input);
        StringWriter written = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(written)) {
            JsonTreeWriter.write(tree, generator, false);
        }

        assertThat(written.toString()).isEqualTo(JSON.writeValueAsString(tree));
        assertThat(JsonSize.of(tree)).isEqualTo(JsonMappers.create().writeValueAsBytes(tree).length)
                .isEqualTo(JSON.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8).length);
    }
}
