package dev.mcpproxy.cli.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.contracts.EnvironmentFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The environments a project defines: one directory each under {@code cdk/environments/}. */
public final class EnvironmentCatalog {

    public static final String DIRECTORY = EnvironmentFiles.DIRECTORY;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path directory;

    public EnvironmentCatalog(Path projectDir) {
        this.directory = projectDir.resolve(DIRECTORY);
    }

    public Path directory() {
        return directory;
    }

    /**
     * @return the environment's definition; empty outside a project checkout (the commands that
     *     only read a deployed environment work from its stacks alone)
     * @throws CliException USAGE when the project does not define this environment
     */
    public Optional<EnvironmentDefinition> find(String env) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        Path file = directory.resolve(env).resolve(EnvironmentFiles.DEFINITION);
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.USAGE, "unknown environment '" + env + "': this project defines "
                    + String.join(", ", names()) + " (" + DIRECTORY + "/<env>/environment.yaml)");
        }
        try {
            JsonNode yaml = YAML.readTree(file.toFile());
            return Optional.of(new DefinitionReader(file).read(env, yaml));
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, file + " is not readable YAML: " + e.getMessage(), e);
        }
    }

    public List<String> names() {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve(EnvironmentFiles.DEFINITION)))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
