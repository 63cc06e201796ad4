package dev.mcpproxy.cli.deploy;

import dev.mcpproxy.cli.aws.AwsFailures;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;

/** Looks up an image already in the environment's repository, so a re-run does not push it again. */
final class EcrImages {

    private EcrImages() {}

    /** @return the digest of {@code repository:tag} (for a multi-platform image, the index's) */
    static Optional<String> digestOf(EcrClient ecr, String repository, String tag) {
        try {
            return AwsFailures.call("looking up " + repository + ":" + tag + " (ecr:DescribeImages)",
                    () -> ecr.describeImages(r -> r.repositoryName(repository).imageIds(id -> id.imageTag(tag))))
                    .imageDetails().stream().findFirst().map(detail -> detail.imageDigest());
        } catch (dev.mcpproxy.cli.CliException e) {
            if (e.getCause() instanceof ImageNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
