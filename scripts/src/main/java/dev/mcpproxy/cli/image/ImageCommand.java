package dev.mcpproxy.cli.image;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.McpProxyCli;
import dev.mcpproxy.cli.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "image", mixinStandardHelpOptions = true,
        description = {"Builds the proxy's container image with Jib (no Docker): tarball or registry.",
            "deploy does this itself; use this to inspect the image or push it elsewhere.",
            "Examples:",
            "  image --tar target/mcp-proxy.tar --platform linux/amd64",
            "  image --to registry.example.com/mcp-proxy:1.0"})
public final class ImageCommand implements Callable<Integer> {

    @ParentCommand
    private McpProxyCli root;

    @Mixin
    ImageOptions image;

    @ArgGroup(multiplicity = "1")
    Destination destination;

    static final class Destination {
        @Option(names = "--tar", paramLabel = "FILE", description = "Write a tarball (one platform: the first --platform).")
        Path tar;

        @Option(names = "--to", paramLabel = "IMAGE", description = "Push to this registry reference (credentials: none,"
                + " for a public or loopback registry; deploy pushes to ECR with an SDK token).")
        String registry;
    }

    @Override
    public Integer call() {
        var context = root.context();
        Progress progress = new Progress(context.err());
        ImageSettings settings = image.settings(context);
        ImageTarget target;
        if (destination.tar != null) {
            settings = settings.withPlatforms(List.of(settings.platforms().get(0)));
            target = new ImageTarget.Tarball(destination.tar, "mcp-proxy:" + settings.labels().get("org.opencontainers.image.version"));
        } else {
            target = new ImageTarget.Registry(destination.registry, Optional.empty());
        }
        progress.step("Building the proxy image for " + settings.platforms().stream()
                .map(p -> p.getOs() + "/" + p.getArchitecture()).toList() + " from " + settings.baseImage());
        try {
            BuiltImage built = new ProxyImageBuilder(settings, context.cacheDir().resolve("jib"), progress::detail)
                    .build(image.jar(context), image.environments(context), target);
            progress.step("Image " + built.reference() + " digest " + built.digest());
            context.out().println(built.digest());
            return ExitCode.OK;
        } catch (ImageBuildException e) {
            throw new CliException(ExitCode.IMAGE_FAILED, e.getMessage(), e);
        }
    }
}
