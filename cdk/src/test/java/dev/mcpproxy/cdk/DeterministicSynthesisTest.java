package dev.mcpproxy.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.contracts.CdkContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdk synth} run three times, each in its own JVM (hash seeds, and so the iteration order of {@code Map.of} and
 * {@code Set.of}, differ between JVMs), writes byte-identical templates and asset manifests for every environment.
 */
class DeterministicSynthesisTest {
    @TempDir
    Path outputs;

    @Test
    void synthesesInSeparateJvmsWriteIdenticalTemplates() throws Exception {
        Map<String, byte[]> first = synthesize(outputs.resolve("run0"));
        assertThat(first.keySet()).as("templates written").anyMatch(name -> name.endsWith("-Runtime.template.json"))
                .anyMatch(name -> name.endsWith("-Foundation.template.json"));
        // A two-entry Map.of keeps its order in a second JVM half of the time: three runs catch it three times in four.
        for (int run = 1; run < 3; run++) {
            Map<String, byte[]> again = synthesize(outputs.resolve("run" + run));
            assertThat(again.keySet()).isEqualTo(first.keySet());
            first.forEach((name, bytes) -> assertThat(again.get(name)).as(name + " differs between runs").isEqualTo(bytes));
        }
    }

    /** Runs the app's main class as the CDK CLI does: context and output directory in environment variables. */
    private static Map<String, byte[]> synthesize(Path outdir) throws IOException, InterruptedException {
        Map<String, Object> context = new HashMap<>(TestApps.cdkJsonContext());
        context.put(CdkContext.ENVIRONMENTS_DIR, TestApps.ENVIRONMENTS.toString());
        context.put(CdkContext.IMAGE_DIGEST, TestApps.IMAGE_DIGEST);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, McpProxyApp.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(outdir.resolveSibling(outdir.getFileName() + ".log").toFile());
        builder.environment().put("CDK_CONTEXT_JSON", new ObjectMapper().writeValueAsString(context));
        builder.environment().put("CDK_OUTDIR", outdir.toString());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("synthesis finished").isTrue();
        assertThat(process.exitValue()).as("synthesis exit code, see " + outdir + ".log").isZero();
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> written = Files.list(outdir)) {
            for (Path file : written.filter(f -> f.getFileName().toString().matches(".*\\.(template|assets)\\.json")).toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
