package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
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
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static dev.mcpproxy.proxy.upstream.McpMessages.callTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS upstreams: HTTP/1.1 without ALPN (the JDK's HTTPS server) and HTTP/2 chosen by ALPN (Jetty);
 * the certificate is checked against the JVM's trust store and the host name, as the JVM is
 * configured in production.
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
    void anUpstreamPreferringHttp2GetsHttp2() throws Exception {
        Path keystore = selfSigned("upstream", "ip:127.0.0.1");
        trust(keystore);
        List<HttpVersion> versions = new CopyOnWriteArrayList<>();
        Server server = http2Upstream(keystore, versions);
        try (StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("h2",
                "https://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/mcp"))) {
            assertThat(connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD).has("result")).isTrue();
        } finally {
            server.stop();
        }
        assertThat(versions).isNotEmpty().containsOnly(HttpVersion.HTTP_2);
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

    /**
     * A Jetty server preferring HTTP/2 over HTTP/1.1 (ALPN), answering like a stateless 2025 MCP
     * server and noting the HTTP version of every request.
     */
    private static Server http2Upstream(Path keystore, List<HttpVersion> versions) throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyStoreType("PKCS12");
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
        alpn.setDefaultProtocol(http11.getProtocol());
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http11);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                versions.add(request.getConnectionMetaData().getHttpVersion());
                JsonNode message = McpMessages.MAPPER.readTree(Content.Source.asString(request));
                if (!message.has("id")) {
                    response.setStatus(202);
                    callback.succeeded();
                    return true;
                }
                String result = switch (message.path("method").asText()) {
                    case "initialize" -> "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                            + "\"serverInfo\":{\"name\":\"h2\",\"version\":\"1\"}}";
                    case "tools/call" -> "{\"content\":[]}";
                    default -> null;
                };
                String body = "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + (result == null
                        ? ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}"
                        : ",\"result\":" + result + "}");
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        });
        server.start();
        return server;
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
