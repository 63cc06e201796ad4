package dev.mcpproxy.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A contract value written as a string literal again in proxy-app, cdk or scripts would drift from this module
 * unnoticed. Only values distinctive enough that a literal can only be a copy are checked: {@code "kind"} or
 * {@code "error"} also mean other things.
 */
class NoCopiedLiteralsTest {

    private static final List<Class<?>> DISTINCTIVE = List.of(EnvironmentVariables.class, StackOutputs.class,
            ProtocolVersions.class, EnvironmentFiles.class);
    /** Read by the AWS SDK under this name; the CLI configures the SDK with it too. */
    private static final Set<String> NOT_OURS = Set.of(EnvironmentVariables.AWS_REGION);
    /** Literals that only look like a contract, by file: Cognito's API names its field as the output is named. */
    private static final Map<String, Set<String>> SAME_TEXT_OTHER_MEANING = Map.of(
            "ClientSecrets.java", Set.of(StackOutputs.USER_POOL_ID));
    private static final List<String> MODULES = List.of("proxy-app", "cdk", "scripts");

    @Test
    void noModuleRepeatsAContractValue() throws IOException {
        Map<String, String> contracts = distinctiveValues();
        contracts.put(MetricNames.NAMESPACE, "MetricNames.NAMESPACE");
        contracts.put(ProxyContainer.ENVIRONMENTS_DIR, "ProxyContainer.ENVIRONMENTS_DIR");
        contracts.put(AuditFields.PII_TOKENIZED, "AuditFields.PII_TOKENIZED");
        contracts.put(RateLimitTable.EXPIRES_AT, "RateLimitTable.EXPIRES_AT");
        List<String> copies = new ArrayList<>();
        for (String module : MODULES) {
            Path sources = Path.of("..", module, "src", "main", "java");
            assertThat(sources).as("the module's sources, next to this one").isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    List<String> literals = StringLiterals.of(Files.readString(file));
                    for (String literal : literals) {
                        if (contracts.containsKey(literal) && !SAME_TEXT_OTHER_MEANING
                                .getOrDefault(file.getFileName().toString(), Set.of()).contains(literal)) {
                            copies.add(sources.relativize(file) + ": \"" + literal + "\" is " + contracts.get(literal));
                        }
                    }
                }
            }
        }
        assertThat(copies).as("string literals that copy a contract; use the constant").isEmpty();
    }

    private static Map<String, String> distinctiveValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Class<?> type : DISTINCTIVE) {
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    try {
                        String value = (String) field.get(null);
                        if (!NOT_OURS.contains(value)) {
                            values.put(value, type.getSimpleName() + "." + field.getName());
                        }
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return values;
    }

    /** The string literals of Java source, outside comments (text blocks count as literals too). */
    static final class StringLiterals {
        private StringLiterals() {
        }

        static List<String> of(String source) {
            List<String> literals = new ArrayList<>();
            int i = 0;
            while (i < source.length()) {
                char c = source.charAt(i);
                if (source.startsWith("//", i)) {
                    i = skipTo(source, "\n", i);
                } else if (source.startsWith("/*", i)) {
                    i = skipTo(source, "*/", i + 2);
                } else if (source.startsWith("\"\"\"", i)) {
                    int end = source.indexOf("\"\"\"", i + 3);
                    literals.add(source.substring(i + 3, end));
                    i = end + 3;
                } else if (c == '"' || c == '\'') {
                    StringBuilder literal = new StringBuilder();
                    i++;
                    while (source.charAt(i) != c) {
                        if (source.charAt(i) == '\\') {
                            literal.append(source.charAt(i));
                            i++;
                        }
                        literal.append(source.charAt(i));
                        i++;
                    }
                    if (c == '"') {
                        literals.add(literal.toString());
                    }
                    i++;
                } else {
                    i++;
                }
            }
            return literals;
        }

        private static int skipTo(String source, String end, int from) {
            int at = source.indexOf(end, from);
            return at < 0 ? source.length() : at + end.length();
        }
    }
}
