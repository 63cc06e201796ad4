package dev.mcpproxy.proxy;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * proxy-app's package graph, as docs/ARCHITECTURE.md ("Packages") shows it: a package depends only
 * on the packages its row names (and the leaves), in its bytecode and in its imports; no packages
 * form a cycle; every edge of the graph is used; and the documented graph is this one.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static final String ROOT = "dev.mcpproxy.proxy";
    private static final String EVERY_PACKAGE = "every package";
    private static final String NOTHING = "nothing";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);
    /** Every package may use these; the rows leave them out. */
    private static final Set<String> LEAVES = Set.of("config", "jsonrpc");

    /** Package (below {@link #ROOT}; "" is the root) to what it may depend on, top row first. */
    private static final Map<String, String> GRAPH = rows(
            "", EVERY_PACKAGE,
            "demo", "server, dispatch",
            "server", "session, dispatch, mrtr, health, federation, upstream, identity, telemetry, background",
            "session", "dispatch, upstream, identity",
            "dispatch", "governance, resilience, federation, upstream, identity, telemetry",
            "health", "resilience, upstream",
            "mrtr", "audit",
            "governance.pii", "governance, identity, telemetry",
            "governance.policy", "governance, federation, identity, telemetry",
            "governance.validation", "governance",
            "ratelimit", "governance, identity",
            "audit", "governance, identity, background",
            "resilience", "upstream, resilience.config",
            "upstream", "upstream.auth, resilience.config, federation, telemetry, background",
            "governance", "identity, telemetry",
            "federation", NOTHING,
            "identity", NOTHING,
            "telemetry", NOTHING,
            "upstream.auth", NOTHING,
            "resilience.config", NOTHING,
            "background", NOTHING,
            "config", NOTHING,
            "jsonrpc", NOTHING);

    /** Each package is a slice of its own: {@code governance.pii} and {@code governance} may not form a cycle either. */
    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("dev.mcpproxy.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule packagesDependOnlyOnWhatTheirRowNames = classes().should(dependOnlyOnTheirRow());

    @ArchTest
    static void everyPackageHasARowAndEveryRowAPackage(JavaClasses classes) {
        Set<String> packages = classes.stream().map(javaClass -> relative(javaClass.getPackageName()))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(GRAPH.keySet()).as("rows of the package graph").containsExactlyInAnyOrderElementsOf(packages);
    }

    /**
     * The same rule over the sources' imports: bytecode does not show a use of another package's
     * compile-time constant (the compiler copies the value), so the bytecode rule misses such an edge.
     */
    @ArchTest
    static void importsDependOnlyOnWhatTheirRowNames(JavaClasses classes) throws IOException {
        assertThat(importEdges().stream().filter(edge -> !allowed(edge.getKey(), edge.getValue()))
                .map(edge -> edge(edge.getKey(), edge.getValue()) + " is not in the package graph: " + rowOf(edge.getKey())))
                .as("imports of src/main/java (docs/ARCHITECTURE.md, ArchitectureTest)").isEmpty();
    }

    /** So the graph shows the code as it is, not what it once was. */
    @ArchTest
    static void everyEdgeOfTheGraphIsInTheCode(JavaClasses classes) throws IOException {
        Set<Map.Entry<String, String>> edges = new HashSet<>(importEdges());
        classes.forEach(javaClass -> javaClass.getDirectDependenciesFromSelf().forEach(dependency -> {
            String from = relative(javaClass.getPackageName());
            String to = relative(dependency.getTargetClass().getBaseComponentType().getPackageName());
            if (from != null && to != null) {
                edges.add(Map.entry(from, to));
            }
        }));
        List<String> unused = new ArrayList<>();
        GRAPH.forEach((from, row) -> dependencies(row).stream().filter(to -> !edges.contains(Map.entry(from, to)))
                .forEach(to -> unused.add(edge(from, to))));
        assertThat(unused).as("edges of the package graph no class uses: remove them (docs/ARCHITECTURE.md, "
                + "ArchitectureTest)").isEmpty();
    }

    @ArchTest
    static void rowsNameOnlyRowsBelowThem(JavaClasses classes) {
        List<String> order = List.copyOf(GRAPH.keySet());
        GRAPH.forEach((from, row) -> dependencies(row).forEach(to -> assertThat(order.indexOf(to))
                .as("%s ─▶ %s: %s must be a row below %s", name(from), to, to, name(from))
                .isGreaterThan(order.indexOf(from))));
    }

    @ArchTest
    static void theDocumentedGraphIsThisOne(JavaClasses classes) throws IOException {
        assertThat(documentedGraph()).as("the package graph in docs/ARCHITECTURE.md").containsExactlyEntriesOf(GRAPH);
    }

    private static ArchCondition<JavaClass> dependOnlyOnTheirRow() {
        return new ArchCondition<>("depend only on the packages their row of the package graph names") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                String from = relative(javaClass.getPackageName());
                for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                    String to = relative(dependency.getTargetClass().getBaseComponentType().getPackageName());
                    if (to != null && !allowed(from, to)) {
                        events.add(SimpleConditionEvent.violated(dependency, String.format(
                                "%s ─▶ %s is not in the package graph (docs/ARCHITECTURE.md, ArchitectureTest): "
                                        + "%s; %s", name(from), name(to), rowOf(from), dependency.getDescription())));
                    }
                }
            }
        };
    }

    private static boolean allowed(String from, String to) {
        String row = GRAPH.get(from);
        return to.equals(from) || LEAVES.contains(to)
                || row != null && (row.equals(EVERY_PACKAGE) || dependencies(row).contains(to));
    }

    private static String rowOf(String from) {
        String row = GRAPH.get(from);
        return row == null ? name(from) + " has no row" : "its row is " + name(from) + " ─▶ " + row;
    }

    private static List<String> dependencies(String row) {
        return row.equals(EVERY_PACKAGE) || row.equals(NOTHING) ? List.of() : Arrays.asList(row.split(", "));
    }

    /** The package below {@link #ROOT} ("" for the root itself), or null outside it. */
    private static String relative(String packageName) {
        if (packageName.equals(ROOT)) {
            return "";
        }
        return packageName.startsWith(ROOT + ".") ? packageName.substring(ROOT.length() + 1) : null;
    }

    private static String edge(String from, String to) {
        return name(from) + " ─▶ " + name(to);
    }

    /** Package to imported package, both below {@link #ROOT}, from every main source file. */
    private static Set<Map.Entry<String, String>> importEdges() throws IOException {
        Set<Map.Entry<String, String>> edges = new HashSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                String from = declared.find() ? relative(declared.group(1)) : null;
                Matcher imported = IMPORT.matcher(source);
                while (from != null && imported.find()) {
                    String to = relative(packageOf(imported.group(1)));
                    if (to != null) {
                        edges.add(Map.entry(from, to));
                    }
                }
            }
        }
        return edges;
    }

    /** The package part of an imported name: the segments before the first capitalized one. */
    private static String packageOf(String imported) {
        List<String> segments = new ArrayList<>();
        for (String segment : imported.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }

    private static String name(String relative) {
        return relative.isEmpty() ? "(root)" : relative;
    }

    /** The rows of the diagram in the "Packages" section: {@code <layer> <package> ─▶ <what it may depend on>}. */
    private static Map<String, String> documentedGraph() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "ARCHITECTURE.md"));
        String section = doc.substring(doc.indexOf("\n## Packages"));
        String block = section.substring(section.indexOf("```text") + "```text".length());
        block = block.substring(0, block.indexOf("```"));
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : block.lines().toList()) {
            int arrow = line.indexOf("─▶");
            if (arrow >= 0) {
                String[] left = line.substring(0, arrow).trim().split("\\s+");
                String name = left[left.length - 1];
                rows.put(name.equals("(root)") ? "" : name, line.substring(arrow + "─▶".length()).trim());
            }
        }
        return rows;
    }

    private static Map<String, String> rows(String... packageAndRow) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = 0; i < packageAndRow.length; i += 2) {
            rows.put(packageAndRow[i], packageAndRow[i + 1]);
        }
        return rows;
    }
}
