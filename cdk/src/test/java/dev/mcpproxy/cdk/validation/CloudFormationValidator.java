package dev.mcpproxy.cdk.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * AWS's CloudFormation template validator ({@code @aws/cloudformation-validate}), the copy bundled in the
 * aws-cdk-lib jar, run with node over template files with <em>every</em> rule enabled. aws-cdk-lib's own synthesis
 * plugin switches some rules off (among them E1018, which rejects {@code Fn::GetStackOutput} inside {@code Fn::Split});
 * this runs the engine directly, without that exclusion list.
 */
public final class CloudFormationValidator {
    private static final String BUNDLE = "software/amazon/awscdk/aws-cdk-lib@2.263.0.jsii.tgz";
    private static final String PACKAGE = "package/node_modules/@aws/cloudformation-validate";
    private static final Path WORK = Path.of("target", "cloudformation-validate");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One finding: the rule, its severity (FATAL, ERROR, WARN, INFO), where and what. */
    public record Diagnostic(String template, String ruleId, String severity, String logicalId, String path, String message) {
        @Override
        public String toString() {
            return template + ": " + severity + " " + ruleId + " " + logicalId + " " + path + ": " + message;
        }
    }

    private CloudFormationValidator() {
    }

    /** Every diagnostic of severity WARN or above, of every rule, for each template. */
    public static synchronized List<Diagnostic> validate(List<Path> templates, String account, String region) {
        try {
            Path module = extractedModule();
            Path script = WORK.resolve("validate.js");
            Files.writeString(script, """
                    const v = require(process.argv[2]);
                    const engine = new v.RegoEngine({});
                    const out = [];
                    for (const file of process.argv.slice(5)) {
                      const report = engine.validateDetailed(new v.TemplateFile(file), {
                        pseudoParameterOverrides: { accountId: process.argv[3], region: process.argv[4] },
                        severityLevel: 'WARN' });
                      for (const d of report.diagnostics) {
                        out.push({ template: file, ruleId: d.ruleId, severity: d.severity,
                          logicalId: d.entity ? d.entity.logicalId : null, path: d.propertyPath || null, message: d.message });
                      }
                    }
                    engine.free();
                    process.stdout.write(JSON.stringify(out));
                    """);
            List<String> command = new ArrayList<>(List.of("node", script.toAbsolutePath().toString(),
                    module.toAbsolutePath().toString(), account, region));
            templates.forEach(t -> command.add(t.toAbsolutePath().toString()));
            Path output = WORK.resolve("output.json");
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("the validator failed (exit " + process.exitValue() + ")");
            }
            List<Diagnostic> diagnostics = new ArrayList<>();
            for (JsonNode d : JSON.readTree(output.toFile())) {
                diagnostics.add(new Diagnostic(Path.of(d.path("template").asText()).getFileName().toString(),
                        d.path("ruleId").asText(), d.path("severity").asText(), d.path("logicalId").asText(null),
                        d.path("path").asText(null), d.path("message").asText()));
            }
            return diagnostics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks the validator's node module from the jsii bundle inside the aws-cdk-lib jar, once. */
    private static Path extractedModule() throws IOException, InterruptedException {
        Path module = WORK.resolve(PACKAGE);
        if (Files.isRegularFile(module.resolve("index.js"))) {
            return module;
        }
        Files.createDirectories(WORK);
        Path bundle = WORK.resolve("aws-cdk-lib.jsii.tgz");
        try (InputStream in = CloudFormationValidator.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is not on the classpath (aws-cdk-lib version changed?)");
            }
            Files.copy(in, bundle, StandardCopyOption.REPLACE_EXISTING);
        }
        Process tar = new ProcessBuilder("tar", "xzf", bundle.toAbsolutePath().toString(), "-C",
                WORK.toAbsolutePath().toString(), PACKAGE).redirectErrorStream(true).start();
        String log = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("cannot unpack the validator: " + log);
        }
        return module;
    }
}
