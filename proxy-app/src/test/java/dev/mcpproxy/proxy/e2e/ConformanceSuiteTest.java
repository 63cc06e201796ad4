package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.testing.ConformanceSuite;
import dev.mcpproxy.proxy.testing.ProxyProcess;
import dev.mcpproxy.proxy.testing.Resources;
import dev.mcpproxy.proxy.testing.TsSdkPeers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP conformance suite's server scenarios for the 2026-07-28 revision
 * ({@code conformance server --requirements 2026-07-28}), run against the suite's reference
 * server (rebuilt on {@code @modelcontextprotocol/server} 2.x: {@code conformance-server.mjs})
 * directly, and against the proxy ({@code java … Main --config proxy.yaml}) in front of it. The
 * direct run is the baseline: every check that passes directly passes through the proxy.
 */
class ConformanceSuiteTest {
    private static final String REVISION = "2026-07-28";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * Scenarios allowed to fail, by name prefix, each with why: only an extension the proxy does
     * not offer (and the requirement set runs unscored) or a real limitation of a proxy belongs here.
     */
    private static final Map<String, String> EXCLUDED = Map.of("tasks-", "the io.modelcontextprotocol/tasks "
            + "extension (SEP-2663): neither the proxy nor the reference server offers it; run unscored (extension)");

    private static TsSdkPeers.NodeProcess reference;
    private static ProxyProcess proxy;
    private static ConformanceSuite.Requirements requirements;
    private static ConformanceSuite.Run direct;
    private static ConformanceSuite.Run proxied;

    @BeforeAll
    static void runTheSuite() throws Exception {
        ConformanceSuite suite = ConformanceSuite.install();
        requirements = suite.requirements(REVISION);
        reference = TsSdkPeers.run("conformance-server.mjs");
        URI referenceUrl = URI.create(reference.announcedBase(90) + "/mcp");
        Path directory = suite.runDirectory("proxy");
        Path config = Files.writeString(directory.resolve("proxy.yaml"), """
                server: {host: 127.0.0.1, sessionMode: stateless, shutdownGraceSeconds: 1}
                identity: {mode: none}
                upstreams:
                  - name: reference
                    url: %s
                """.formatted(referenceUrl));
        proxy = ProxyProcess.start(ProxyProcess.classPathLaunch(), List.of("--config", config.toString()), Map.of(),
                directory.resolve("proxy.log"), Duration.ofSeconds(90), ConformanceSuiteTest::ready);
        direct = suite.run(referenceUrl, REVISION, suite.runDirectory("direct"));
        proxied = suite.run(proxy.endpoint(), REVISION, suite.runDirectory("proxied"));
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(proxy, reference);
    }

    private static boolean ready(URI endpoint) throws InterruptedException {
        try {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && JSON.readTree(health.body()).path("status").asText().equals("ready");
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static boolean excluded(String scenario) {
        return EXCLUDED.keySet().stream().anyMatch(scenario::startsWith);
    }

    @Test
    void onlyUnscoredExtensionsAreExcluded() {
        List<String> excluded = direct.scenarios().keySet().stream().filter(ConformanceSuiteTest::excluded).toList();

        assertThat(excluded).isNotEmpty().allSatisfy(scenario -> assertThat(requirements.unscored())
                .as(scenario).containsEntry(scenario, "extension"));
    }

    @Test
    void theReferenceServerPassesEveryScenario() {
        assertThat(direct.scenarios().keySet()).as("every scenario of the requirement set ran; see " + direct.log())
                .containsAll(requirements.scored()).containsAll(requirements.unscored().keySet());
        assertThat(failures(direct)).as("the baseline: see " + direct.log()).isEmpty();
        assertThat(direct.exitCode()).isZero();
    }

    @Test
    void everyScenarioPassesThroughTheProxy() {
        assertThat(proxied.scenarios().keySet()).as("every scenario ran; see " + proxied.log())
                .isEqualTo(direct.scenarios().keySet());
        assertThat(failures(proxied)).as("see " + proxied.log()).isEmpty();
        assertThat(proxied.exitCode()).as("the suite's verdict on the required scenarios").isZero();
    }

    private static List<String> failures(ConformanceSuite.Run run) {
        return run.scenarios().keySet().stream().filter(scenario -> !excluded(scenario))
                .flatMap(scenario -> run.failures(scenario).stream()).toList();
    }

    @Test
    void whateverPassesDirectlyPassesThroughTheProxy() {
        List<String> regressions = new ArrayList<>();
        direct.scenarios().forEach((scenario, checks) -> {
            // A check id may repeat within a scenario (one per probe): compare the passing counts.
            checks.stream().filter(check -> check.status().equals("SUCCESS")).map(ConformanceSuite.Check::id)
                    .distinct().forEach(id -> {
                        if (successes(proxied, scenario, id) < successes(direct, scenario, id)) {
                            regressions.add(scenario + ": " + id + " " + proxied.failures(scenario));
                        }
                    });
        });

        assertThat(regressions).as("checks passing directly but not through the proxy; see " + proxied.log())
                .isEmpty();
    }

    private static long successes(ConformanceSuite.Run run, String scenario, String id) {
        return run.scenarios().getOrDefault(scenario, List.of()).stream()
                .filter(check -> check.id().equals(id) && check.status().equals("SUCCESS")).count();
    }
}
