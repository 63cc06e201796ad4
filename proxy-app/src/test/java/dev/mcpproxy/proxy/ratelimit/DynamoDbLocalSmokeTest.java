package dev.mcpproxy.proxy.ratelimit;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbLocalSmokeTest {
    @Test
    void startsAndListsTheTable() throws Exception {
        try (DynamoDbLocal local = DynamoDbLocal.start(); DynamoDbClient client = local.client()) {
            assertThat(client.listTables().tableNames()).contains(DynamoDbLocal.TABLE);
        }
    }
}
