package dev.mcpproxy.cli.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.aws.AwsFailures;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.model.InvokeAgentRuntimeResponse;

/** IAM (SigV4) through {@code BedrockAgentCoreClient.invokeAgentRuntime}, for IAM-authorized runtimes. */
public final class SigV4SdkTransport implements McpTransport {

    private final BedrockAgentCoreClient client;
    private final String runtimeArn;
    private final String qualifier;

    public SigV4SdkTransport(BedrockAgentCoreClient client, String runtimeArn, String qualifier) {
        this.client = client;
        this.runtimeArn = runtimeArn;
        this.qualifier = qualifier;
    }

    @Override
    public McpReply post(ObjectNode message, Optional<String> sessionId, Optional<String> protocolVersion) {
        ResponseBytes<InvokeAgentRuntimeResponse> response = AwsFailures.call("invoking runtime " + runtimeArn,
                () -> client.invokeAgentRuntime(request -> {
                    request.agentRuntimeArn(runtimeArn)
                            .qualifier(qualifier)
                            .contentType("application/json")
                            .accept("application/json, text/event-stream")
                            .payload(SdkBytes.fromString(message.toString(), StandardCharsets.UTF_8));
                    sessionId.ifPresent(request::mcpSessionId);
                    protocolVersion.ifPresent(request::mcpProtocolVersion);
                }, ResponseTransformer.toBytes()));
        InvokeAgentRuntimeResponse metadata = response.response();
        return new McpReply(metadata.statusCode() == null ? 200 : metadata.statusCode(),
                Optional.ofNullable(metadata.mcpSessionId()),
                metadata.contentType() == null ? "application/json" : metadata.contentType(),
                response.asUtf8String());
    }
}
