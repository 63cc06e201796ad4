package dev.mcpproxy.proxy.governance.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The node-by-node conversion gives the tree the validator would get by parsing the text. */
class Jackson3TreesTest {
    private static final ObjectMapper JACKSON2 = new ObjectMapper();
    private static final JsonMapper JACKSON3 = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "null", "true", "\"text \\u00e9\"", "0", "-7", "2147483648", "123456789012345678901234567890",
            "1.0", "-0.0", "2.5e-8", "1e300",
            "{\"a\":{\"b\":[1,2.5,\"x\",null,false,{\"c\":[]}]},\"n\":9223372036854775807}"})
    void convertsLikeParsingTheText(String json) throws Exception {
        tools.jackson.databind.JsonNode converted = InputSchemas.jackson3(JACKSON2.readTree(json));
        tools.jackson.databind.JsonNode parsed = JACKSON3.readTree(json);

        assertThat(converted).isEqualTo(parsed);
        assertThat(converted.getClass()).isEqualTo(parsed.getClass());
    }
}
