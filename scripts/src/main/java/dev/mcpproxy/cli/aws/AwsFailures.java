package dev.mcpproxy.cli.aws;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into messages that say what was being done and what to do about it. */
public final class AwsFailures {

    private AwsFailures() {}

    /** Runs one AWS call; {@code action} reads like "reading stack McpProxy-dev-Foundation". */
    public static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(action, e);
        }
    }

    public static CliException translate(String action, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage();
            if (code.contains("ExpiredToken") || code.equals("InvalidClientTokenId") || code.equals("UnrecognizedClientException")
                    || code.equals("SignatureDoesNotMatch")) {
                return new CliException(ExitCode.NO_CREDENTIALS, action + " failed: the AWS credentials were rejected ("
                        + code + "). Refresh them, e.g. `aws sso login --profile NAME`, or pass --profile.", e);
            }
            if (code.contains("AccessDenied") || service.statusCode() == 403) {
                return new CliException(ExitCode.AWS_ERROR, action + " failed: access denied (" + message
                        + "). The identity needs the permission named above; see docs/cli.md for the deployer's policy.", e);
            }
            return new CliException(ExitCode.AWS_ERROR, action + " failed: " + code + ": " + message, e);
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return new CliException(ExitCode.NO_CREDENTIALS, action + " failed: no AWS credentials found. Configure them"
                    + " (`aws configure`, `aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or pass --profile.", e);
        }
        return new CliException(ExitCode.AWS_ERROR, action + " failed: " + e.getMessage(), e);
    }
}
