package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mcpproxy.proxy.governance.AuditEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Audit events reach the deployment's audit log group through the real sink (CloudWatch Logs stubbed). */
class CloudWatchLogsWriterTest {
    private static final String GROUP = "/mcp-proxy-prod/audit";
    private static final String CREATE_STREAM = "Logs_20140328.CreateLogStream";
    private static final String PUT_EVENTS = "Logs_20140328.PutLogEvents";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T21:30:00Z"), ZoneOffset.UTC);

    private final WireMockServer logs = new WireMockServer(wireMockConfig().dynamicPort());

    @BeforeEach
    void start() {
        logs.start();
        logs.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(CREATE_STREAM))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{}")));
        logs.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PUT_EVENTS))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{}")));
    }

    @AfterEach
    void stop() {
        logs.stop();
    }

    @Test
    void eachAuditEventBecomesOneLogEventInTheProcesssOwnStream() throws Exception {
        JsonLinesAuditSink sink = new JsonLinesAuditSink(100,
                List.of(new CloudWatchLogsWriter(client(), GROUP, "stream-1", CLOCK)));
        for (int i = 0; i < 3; i++) {
            sink.write(new AuditEvent().put("requestId", String.valueOf(i)).put("decision", "deny"));
        }
        sink.close();

        JsonNode created = body(requests(CREATE_STREAM).getFirst());
        assertThat(created.get("logGroupName").asText()).isEqualTo(GROUP);
        assertThat(created.get("logStreamName").asText()).isEqualTo("stream-1");
        List<JsonNode> events = new ArrayList<>();
        for (LoggedRequest put : requests(PUT_EVENTS)) {
            JsonNode body = body(put);
            assertThat(body.get("logGroupName").asText()).isEqualTo(GROUP);
            assertThat(body.get("logStreamName").asText()).isEqualTo("stream-1");
            body.get("logEvents").forEach(events::add);
        }
        assertThat(events).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode line = JSON.readTree(events.get(i).get("message").asText());
            assertThat(line.get("kind").asText()).isEqualTo("audit");
            assertThat(line.get("requestId").asText()).isEqualTo(String.valueOf(i));
            assertThat(line.get("decision").asText()).isEqualTo("deny");
            assertThat(events.get(i).get("timestamp").asLong()).isEqualTo(CLOCK.millis());
        }
    }

    @Test
    void aRefusedBatchFailsTheFlushNamingTheGroup() throws IOException {
        logs.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PUT_EVENTS))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log group does not exist.\"}")));
        CloudWatchLogsWriter writer = new CloudWatchLogsWriter(client(), GROUP, "stream-2", CLOCK);

        writer.write("{\"kind\":\"audit\"}\n");

        assertThatThrownBy(writer::flush)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("CloudWatch Logs group " + GROUP + " refused 1 events");
    }

    private List<LoggedRequest> requests(String target) {
        return logs.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)));
    }

    private static JsonNode body(LoggedRequest request) throws IOException {
        return JSON.readTree(request.getBodyAsString());
    }

    private CloudWatchLogsClient client() {
        return CloudWatchLogsClient.builder()
                .region(Region.EU_WEST_1)
                .endpointOverride(URI.create(logs.baseUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
