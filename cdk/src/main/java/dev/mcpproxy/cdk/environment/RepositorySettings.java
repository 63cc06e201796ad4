package dev.mcpproxy.cdk.environment;

/** The ECR repository of the proxy image: how many images the lifecycle rule keeps. */
public record RepositorySettings(Integer keepImages) {
    public RepositorySettings {
        keepImages = keepImages == null ? 20 : keepImages;
    }

    public static RepositorySettings defaults() {
        return new RepositorySettings(null);
    }

    public void validate(String key, EnvironmentProblems problems) {
        problems.check(keepImages >= 1 && keepImages <= 1000, key + ".keepImages", "must be between 1 and 1000");
    }
}
