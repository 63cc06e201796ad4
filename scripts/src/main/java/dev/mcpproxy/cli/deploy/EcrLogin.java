package dev.mcpproxy.cli.deploy;

import dev.mcpproxy.cli.aws.AwsFailures;
import dev.mcpproxy.cli.image.ImageTarget.RegistryCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/** Registry credentials from ECR's GetAuthorizationToken: no docker login, no credential helper, nothing on a command line. */
final class EcrLogin {

    private EcrLogin() {}

    static RegistryCredential credential(EcrClient ecr) {
        AuthorizationData data = AwsFailures.call("getting an ECR push token (ecr:GetAuthorizationToken)",
                () -> ecr.getAuthorizationToken()).authorizationData().get(0);
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return new RegistryCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
