package dev.mcpproxy.cli.aws;

import dev.mcpproxy.cli.AwsOptions;
import dev.mcpproxy.cli.CliContext;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Builds and closes the SDK clients of one command run, all with the same region and credentials. */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final Optional<String> profile;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private AwsClients(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint, Optional<String> profile) {
        this.region = region;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.profile = profile;
    }

    /** @param environmentRegion the region the environment's definition names, if any */
    public static AwsClients create(CliContext context, AwsOptions options, Optional<String> environmentRegion) {
        Region region = resolveRegion(context, options, environmentRegion);
        AwsCredentialsProvider credentials = context.credentials().orElseGet(() -> options.profile()
                .<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build()));
        return new AwsClients(region, credentials, context.awsEndpoint(), options.profile());
    }

    private static Region resolveRegion(CliContext context, AwsOptions options, Optional<String> environmentRegion) {
        Optional<String> explicit = options.region()
                .or(() -> environmentRegion)
                .or(() -> Optional.ofNullable(context.environment().get("AWS_REGION")))
                .or(() -> Optional.ofNullable(context.environment().get("AWS_DEFAULT_REGION")));
        if (explicit.isPresent()) {
            return Region.of(explicit.get());
        }
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            options.profile().ifPresent(chain::profileName);
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            throw new CliException(ExitCode.NO_CREDENTIALS,
                    "no AWS region: pass --region, set region in the environment's environment.yaml, set AWS_REGION,"
                            + " or set a region in your AWS profile");
        }
    }

    public Region region() {
        return region;
    }

    /** The profile, for tools run as subprocesses (the CDK toolkit). */
    public Optional<String> profile() {
        return profile;
    }

    private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C build(B builder) {
        builder.region(region).credentialsProvider(credentials);
        endpoint.ifPresent(builder::endpointOverride);
        C client = builder.build();
        opened.add(client);
        return client;
    }

    public StsClient sts() {
        return build(StsClient.builder());
    }

    public CloudFormationClient cloudFormation() {
        return build(CloudFormationClient.builder());
    }

    public EcrClient ecr() {
        return build(EcrClient.builder());
    }

    public BedrockAgentCoreControlClient agentCoreControl() {
        return build(BedrockAgentCoreControlClient.builder());
    }

    public BedrockAgentCoreClient agentCore() {
        return build(BedrockAgentCoreClient.builder());
    }

    public CloudWatchLogsClient logs() {
        return build(CloudWatchLogsClient.builder());
    }

    public SecretsManagerClient secretsManager() {
        return build(SecretsManagerClient.builder());
    }

    /** Cognito user pool operations the SDK this CLI is built with does not have yet (client secret rotation). */
    public SignedJsonClient cognitoIdp() {
        URI uri = endpoint.orElseGet(() -> URI.create("https://cognito-idp." + region.id() + ".amazonaws.com/"));
        return new SignedJsonClient(uri, "cognito-idp", "AWSCognitoIdentityProviderService", region.id(), credentials);
    }

    @Override
    public void close() {
        for (AutoCloseable client : opened) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing is best effort at the end of a command
            }
        }
    }
}
