package dev.mcpproxy.proxy.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static dev.mcpproxy.proxy.upstream.McpMessages.callTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An HTTPS upstream (HTTP/1.1 without ALPN, as the JDK's HTTPS server speaks it): its certificate is
 * checked against the JVM's trust store and its host name, as the JVM is configured in production.
 */
class TlsUpstreamTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;
    private Properties saved;

    @BeforeEach
    void saveProperties() {
        saved = (Properties) System.getProperties().clone();
    }

    @AfterEach
    void restoreProperties() {
        System.setProperties(saved);
    }

    @Test
    void callsAnUpstreamWhoseCertificateTheJvmTrusts() throws Exception {
        Path keystore = selfSigned("upstream", "ip:127.0.0.1");
        trust(keystore);
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) ->
                ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{\"content\":[]}")),
                serverContext(keystore));
             StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("tls", peer.url()))) {
            assertThat(peer.url()).startsWith("https://");

            assertThat(connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD).has("result")).isTrue();
            assertThat(connection.protocolVersion()).isEqualTo("2025-06-18");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        Path keystore = selfSigned("elsewhere", "dns:elsewhere.example");
        trust(keystore);
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) ->
                ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{}")), serverContext(keystore));
             StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("spoofed", peer.url()))) {
            assertThatThrownBy(() -> connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.UNREACHABLE);
                        assertThat(e.getMessage()).startsWith("upstream 'spoofed': connection failed");
                    });
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        Path keystore = selfSigned("upstream", "ip:127.0.0.1");
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) ->
                ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{}")), serverContext(keystore));
             StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("unknown", peer.url()))) {
            assertThatThrownBy(() -> connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.UNREACHABLE);
                        assertThat(e.getMessage()).startsWith("upstream 'unknown': connection failed");
                    });
        }
    }

    /** A PKCS12 key store with a self-signed EC certificate, made by the JDK's keytool. */
    private Path selfSigned(String name, String subjectAlternativeName) throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + subjectAlternativeName, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        return keystore;
    }

    private static SSLContext serverContext(Path keystore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** The JVM-wide trust store, as an operator sets it (the upstream client has no trust setting of its own). */
    private static void trust(Path keystore) {
        System.setProperty("javax.net.ssl.trustStore", keystore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }
}
