package dev.mcpproxy.cdk.runtime;

import java.util.regex.Pattern;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.IRepository;

/** The proxy image in the repository, pinned by digest (preferred: immutable by construction) or by tag. */
public record ImageReference(String digest, String tag) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageReference {
        if ((digest == null) == (tag == null)) {
            throw new IllegalArgumentException("give exactly one of imageDigest and imageTag");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("imageDigest: must look like sha256:<64 hex digits>, was '" + digest + "'");
        }
        if (tag != null && (!TAG.matcher(tag).matches() || tag.equals("latest"))) {
            throw new IllegalArgumentException("imageTag: must be a Docker tag other than 'latest' (tags are immutable), was '" + tag + "'");
        }
    }

    public static ImageReference ofDigest(String digest) {
        return new ImageReference(digest, null);
    }

    public static ImageReference ofTag(String tag) {
        return new ImageReference(null, tag);
    }

    /**
     * {@code <account>.dkr.ecr.<region>.<suffix>/<name>@<digest>} (or {@code :<tag>}), from the repository's
     * environment and name. {@code repositoryUriForDigest} would split the repository ARN, and CloudFormation's
     * validator rejects splitting a cross-stack value ({@code Fn::GetStackOutput} inside {@code Fn::Split}, E1018).
     */
    public String uriIn(IRepository repository, Stack consumer) {
        String registry = repository.getEnv().getAccount() + ".dkr.ecr." + repository.getEnv().getRegion() + "."
                + consumer.getUrlSuffix();
        return registry + "/" + repository.getRepositoryName() + (digest != null ? "@" + digest : ":" + tag);
    }
}
