package dev.mcpproxy.cdk;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class DumpTemplates {
    @Test
    void dump() throws Exception {
        for (var e : TestApps.allEnvironments().environments()) {
            for (var s : java.util.List.of(e.foundation(), e.runtime())) {
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValue(new java.io.File("/tmp/" + s.getStackName() + ".json"), Template.fromStack(s).toJSON());
            }
        }
    }
}
