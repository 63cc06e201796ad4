package dev.mcpproxy.cli.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * WireMock stubs that speak the AWS control planes' wire protocols (query XML for STS and
 * CloudFormation, JSON 1.1 for ECR, Logs and Secrets Manager, REST JSON for AgentCore), plus
 * the Cognito token endpoint and the runtime's MCP invocation URL.
 */
public final class AwsStubs implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String RUNTIME_ID = "mcpproxy_dev-AbCdEf1234";
    public static final String RUNTIME_ARN = "arn:aws:bedrock-agentcore:eu-west-1:" + ACCOUNT + ":runtime/" + RUNTIME_ID;
    public static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:" + ACCOUNT + ":secret:mcp-proxy-client";
    public static final String CLIENT_SECRET = "s3cr3t-client-value";
    public static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.test-access-token.sig";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public AwsStubs() {
        server.start();
    }

    public String url() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    public List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** Short labels of the AWS and MCP calls received, in order (e.g. DescribeStacks:McpProxy-dev-Foundation). */
    public List<String> callLog() {
        return requests().stream().map(AwsStubs::label).toList();
    }

    private static String label(LoggedRequest request) {
        String body = request.getBodyAsString();
        String target = request.getHeader("X-Amz-Target");
        if (target != null) {
            return target.substring(target.indexOf('.') + 1);
        }
        if (body.startsWith("Action=")) {
            String action = body.replaceAll("^Action=([A-Za-z]+).*", "$1");
            String stack = body.contains("StackName=") ? ":" + body.replaceAll(".*StackName=([^&]+).*", "$1") : "";
            return action + stack;
        }
        if (request.getUrl().contains("/runtime-endpoints/") && request.getMethod().value().equals("GET")) {
            return "GetAgentRuntimeEndpoint:" + request.getUrl().replaceAll(".*/runtime-endpoints/([^/?]+).*", "$1");
        }
        if (request.getUrl().startsWith("/runtimes/") && request.getMethod().value().equals("GET")) {
            return "GetAgentRuntime";
        }
        if (request.getUrl().startsWith("/oauth2/token")) {
            return "CognitoToken";
        }
        if (request.getUrl().contains("invocations")) {
            String qualifier = request.getUrl().contains("qualifier=")
                    ? request.getUrl().replaceAll(".*qualifier=([^&]+).*", "$1") : "DEFAULT";
            try {
                return "MCP:" + JSON.readTree(body).path("method").asText() + (qualifier.equals("DEFAULT") ? "" : "@" + qualifier);
            } catch (Exception e) {
                return "MCP:?";
            }
        }
        return request.getMethod() + " " + request.getUrl();
    }

    // ---- STS

    public void callerIdentity() {
        server.stubFor(post("/").withRequestBody(containing("Action=GetCallerIdentity")).willReturn(xml(200, """
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <GetCallerIdentityResult>
                    <Arn>arn:aws:iam::%s:user/deployer</Arn><UserId>AIDAEXAMPLE</UserId><Account>%s</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                </GetCallerIdentityResponse>""".formatted(ACCOUNT, ACCOUNT))));
    }

    // ---- CloudFormation

    public void stack(String name, String status, Map<String, String> outputs) {
        StringBuilder members = new StringBuilder();
        outputs.forEach((key, value) -> members.append("<member><OutputKey>").append(key).append("</OutputKey><OutputValue>")
                .append(escape(value)).append("</OutputValue></member>"));
        server.stubFor(describeStacks(name).willReturn(xml(200, """
                <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                  <DescribeStacksResult><Stacks><member>
                    <StackName>%s</StackName>
                    <StackId>arn:aws:cloudformation:eu-west-1:%s:stack/%s/1</StackId>
                    <StackStatus>%s</StackStatus>
                    <CreationTime>2026-11-01T10:00:00Z</CreationTime>
                    <LastUpdatedTime>2026-11-20T10:00:00Z</LastUpdatedTime>
                    <Outputs>%s</Outputs>
                  </member></Stacks></DescribeStacksResult>
                  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                </DescribeStacksResponse>""".formatted(name, ACCOUNT, name, status, members))));
    }

    public void noStack(String name) {
        server.stubFor(describeStacks(name).willReturn(xml(400, """
                <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                  <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id %s does not exist</Message></Error>
                  <RequestId>1</RequestId>
                </ErrorResponse>""".formatted(name))));
    }

    private static MappingBuilder describeStacks(String name) {
        return post("/").withRequestBody(containing("Action=DescribeStacks"))
                .withRequestBody(containing("StackName=" + name + "&")
                        .or(com.github.tomakehurst.wiremock.client.WireMock.matching(".*StackName=" + name + "$")));
    }

    public void template(String stackName, String templateJson, Map<String, String> physicalIds) {
        server.stubFor(post("/").withRequestBody(containing("Action=GetTemplate"))
                .withRequestBody(containing("StackName=" + stackName)).willReturn(xml(200, """
                <GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                  <GetTemplateResult><TemplateBody>%s</TemplateBody></GetTemplateResult>
                  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                </GetTemplateResponse>""".formatted(escape(templateJson)))));
        StringBuilder members = new StringBuilder();
        physicalIds.forEach((logical, physical) -> members.append("<member><StackName>").append(stackName)
                .append("</StackName><LogicalResourceId>").append(logical).append("</LogicalResourceId><PhysicalResourceId>")
                .append(escape(physical)).append("</PhysicalResourceId><ResourceType>AWS::Logs::LogGroup</ResourceType>")
                .append("<Timestamp>2026-11-01T10:00:00Z</Timestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>"));
        server.stubFor(post("/").withRequestBody(containing("Action=DescribeStackResources"))
                .withRequestBody(containing("StackName=" + stackName)).willReturn(xml(200, """
                <DescribeStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                  <DescribeStackResourcesResult><StackResources>%s</StackResources></DescribeStackResourcesResult>
                  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
                </DescribeStackResourcesResponse>""".formatted(members))));
    }

    // ---- ECR, Secrets Manager, Logs (JSON 1.1)

    public void ecrToken() {
        String token = Base64.getEncoder().encodeToString("AWS:ecr-password".getBytes(StandardCharsets.UTF_8));
        server.stubFor(jsonTarget("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken").willReturn(json(200,
                "{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":1.9E9}]}")));
    }

    /** The repository does not have the image yet. */
    public void noImage() {
        server.stubFor(jsonTarget("AmazonEC2ContainerRegistry_V20150921.DescribeImages").willReturn(json(400,
                "{\"__type\":\"ImageNotFoundException\",\"message\":\"The image requested does not exist\"}")));
    }

    /** The repository already has an image with the requested tag. */
    public void existingImage(String digest) {
        server.stubFor(jsonTarget("AmazonEC2ContainerRegistry_V20150921.DescribeImages").willReturn(json(200,
                "{\"imageDetails\":[{\"registryId\":\"" + ACCOUNT + "\",\"repositoryName\":\"mcp-proxy\",\"imageDigest\":\""
                        + digest + "\"}]}")));
    }

    /** The client secret as the CDK app stores it: JSON with clientId and clientSecret. */
    public void secret() {
        String secretString = JSON.createObjectNode().put("clientId", "client-id-1").put("clientSecret", CLIENT_SECRET).toString();
        server.stubFor(jsonTarget("secretsmanager.GetSecretValue").willReturn(json(200, JSON.createObjectNode()
                .put("ARN", SECRET_ARN).put("Name", "mcp-proxy-client").put("SecretString", secretString).toString())));
    }

    /** A secret as rotate-secret or the CDK app stores it, under its own ARN. */
    public void secret(String arn, ObjectNode secretJson) {
        server.stubFor(jsonTarget("secretsmanager.GetSecretValue").withRequestBody(matchingJsonPath("$.SecretId", equalTo(arn)))
                .willReturn(json(200, JSON.createObjectNode().put("ARN", arn).put("Name", "client")
                        .put("SecretString", secretJson.toString()).toString())));
    }

    public void putSecretValue() {
        server.stubFor(jsonTarget("secretsmanager.PutSecretValue").willReturn(json(200,
                "{\"ARN\":\"" + SECRET_ARN + "\",\"Name\":\"mcp-proxy-client\",\"VersionId\":\"v2\"}")));
    }

    // ---- Cognito user pool API (JSON 1.1)

    /** The app client's active secrets, by id. */
    public void clientSecrets(String... ids) {
        ArrayNode secrets = JSON.createArrayNode();
        for (String id : ids) {
            secrets.addObject().put("ClientSecretId", id).put("ClientSecretCreateDate", 1.7E9);
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("ClientSecrets", secrets);
        server.stubFor(jsonTarget("AWSCognitoIdentityProviderService.ListUserPoolClientSecrets").willReturn(json(200, response.toString())));
    }

    public void addClientSecret(String id, String value) {
        ObjectNode response = JSON.createObjectNode();
        response.putObject("ClientSecretDescriptor").put("ClientSecretId", id).put("ClientSecretValue", value)
                .put("ClientSecretCreateDate", 1.8E9);
        server.stubFor(jsonTarget("AWSCognitoIdentityProviderService.AddUserPoolClientSecret").willReturn(json(200, response.toString())));
    }

    public void deleteClientSecret() {
        server.stubFor(jsonTarget("AWSCognitoIdentityProviderService.DeleteUserPoolClientSecret").willReturn(json(200, "{}")));
    }

    /** @param messages timestamp (epoch ms) to message */
    public void logEvents(String group, Map<Long, String> messages) {
        ArrayNode events = JSON.createArrayNode();
        messages.forEach((timestamp, message) -> events.addObject().put("logStreamName", "stream-1")
                .put("timestamp", timestamp).put("message", message).put("ingestionTime", timestamp)
                .put("eventId", "event-" + timestamp));
        ObjectNode response = JSON.createObjectNode();
        response.set("events", events);
        server.stubFor(jsonTarget("Logs_20140328.FilterLogEvents")
                .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(group)))
                .willReturn(json(200, response.toString())));
    }

    private static MappingBuilder jsonTarget(String target) {
        return post("/").withHeader("X-Amz-Target", equalTo(target));
    }

    // ---- AgentCore control plane

    public void runtime(String status, String failureReason, String containerUri) {
        server.stubFor(get(urlPathEqualTo("/runtimes/" + RUNTIME_ID + "/")).willReturn(json(200,
                runtimeJson(status, failureReason, containerUri))));
    }

    /** The runtime goes through these statuses, one per GetAgentRuntime call, then stays in the last. */
    public void runtimeStatuses(String containerUri, String... statuses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            String next = i == statuses.length - 1 ? state : "status-" + (i + 1);
            server.stubFor(get(urlPathEqualTo("/runtimes/" + RUNTIME_ID + "/")).inScenario("runtime")
                    .whenScenarioStateIs(state).willSetStateTo(next)
                    .willReturn(json(200, runtimeJson(statuses[i], null, containerUri))));
            state = next;
        }
    }

    /** The named endpoint goes through these (status, live version) states, one per GetAgentRuntimeEndpoint call. */
    public void runtimeEndpoint(String name, String... statusAtVersion) {
        String scenario = "endpoint-" + name;
        String state = Scenario.STARTED;
        for (int i = 0; i < statusAtVersion.length; i++) {
            String next = i == statusAtVersion.length - 1 ? state : scenario + "-" + (i + 1);
            String[] parts = statusAtVersion[i].split("@");
            ObjectNode endpoint = JSON.createObjectNode().put("name", name).put("id", name + "-AbCdEf1234")
                    .put("agentRuntimeArn", RUNTIME_ARN)
                    .put("agentRuntimeEndpointArn", RUNTIME_ARN + "/runtime-endpoint/" + name)
                    .put("status", parts[0]).put("liveVersion", parts[1])
                    .put("createdAt", "2026-11-01T10:00:00Z").put("lastUpdatedAt", "2026-11-20T10:05:00Z");
            server.stubFor(get(urlPathEqualTo("/runtimes/" + RUNTIME_ID + "/runtime-endpoints/" + name + "/")).inScenario(scenario)
                    .whenScenarioStateIs(state).willSetStateTo(next).willReturn(json(200, endpoint.toString())));
            state = next;
        }
    }

    private static String runtimeJson(String status, String failureReason, String containerUri) {
        ObjectNode runtime = JSON.createObjectNode()
                .put("agentRuntimeArn", RUNTIME_ARN).put("agentRuntimeId", RUNTIME_ID).put("agentRuntimeName", "mcpproxy_dev")
                .put("agentRuntimeVersion", "3").put("status", status)
                .put("createdAt", "2026-11-01T10:00:00Z")
                .put("lastUpdatedAt", "2026-11-20T10:05:00Z")
                .put("roleArn", "arn:aws:iam::" + ACCOUNT + ":role/runtime");
        if (failureReason != null) {
            runtime.put("failureReason", failureReason);
        }
        runtime.putObject("agentRuntimeArtifact").putObject("containerConfiguration").put("containerUri", containerUri);
        return runtime.toString();
    }

    // ---- Cognito and the runtime's MCP endpoint

    /** The operator client's credentials get a token for exactly the invoke scope, the least an MCP call needs. */
    public void tokenEndpoint() {
        tokenEndpoint("client-id-1", CLIENT_SECRET, "mcp-proxy/invoke", ACCESS_TOKEN);
    }

    /** Grants {@code token} to these client credentials asking for exactly {@code scope} (space-separated). */
    public void tokenEndpoint(String clientId, String clientSecret, String scope, String token) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        server.stubFor(post("/oauth2/token").withHeader("Authorization", equalTo("Basic " + basic))
                .withRequestBody(equalTo("grant_type=client_credentials&scope="
                        + java.net.URLEncoder.encode(scope, StandardCharsets.UTF_8)))
                .willReturn(json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    public void tokenEndpointRefuses() {
        server.stubFor(post("/oauth2/token").willReturn(json(400, "{\"error\":\"invalid_client\"}")));
    }

    /** Any token request not stubbed otherwise is refused, as Cognito refuses unknown credentials or scopes. */
    public void tokenEndpointRefusesOthers() {
        server.stubFor(post("/oauth2/token").atPriority(10).willReturn(json(400, "{\"error\":\"invalid_client\"}")));
    }

    /** An MCP server behind the runtime: the bearer path of RuntimeEndpointUrl, and the SigV4 path the SDK calls. */
    public void mcpServer(String toolsListResult) {
        mcpServer(toolsListResult, "DEFAULT");
    }

    /** @param sigV4Qualifier the endpoint the SDK's (SigV4) path answers on */
    public void mcpServer(String toolsListResult, String sigV4Qualifier) {
        List<Supplier<MappingBuilder>> paths = List.of(
                () -> post(urlPathEqualTo("/bearer/invocations")).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)),
                () -> post(urlPathMatching("/runtimes/[^/]+/invocations"))
                        .withQueryParam("qualifier", equalTo(sigV4Qualifier))
                        .withHeader("Authorization", containing("AWS4-HMAC-SHA256")));
        Map<String, String> results = new LinkedHashMap<>();
        results.put("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"stub\",\"version\":\"1\"}}");
        results.put("tools/list", toolsListResult);
        results.put("tools/call", "{\"content\":[{\"type\":\"text\",\"text\":\"echo: hi\"}],\"isError\":false}");
        for (Supplier<MappingBuilder> path : paths) {
            for (var entry : results.entrySet()) {
                server.stubFor(path.get().withRequestBody(matchingJsonPath("$.method", equalTo(entry.getKey())))
                        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                                .withHeader("Mcp-Session-Id", "session-1")
                                .withBody("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":{{jsonPath request.body '$.id'}},\"result\":"
                                        + entry.getValue() + "}\n\n")
                                .withTransformers("response-template")));
            }
            server.stubFor(path.get().withRequestBody(matchingJsonPath("$.method", equalTo("notifications/initialized")))
                    .willReturn(aResponse().withStatus(202)));
        }
    }

    /** The runtime answers requests on this endpoint with HTTP 500, as a broken version would. */
    public void mcpServerFailsOn(String qualifier) {
        server.stubFor(post(urlPathEqualTo("/bearer/invocations")).atPriority(1).withQueryParam("qualifier", equalTo(qualifier))
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"internal error\"}")));
    }

    // ---- helpers

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop();
    }
}
