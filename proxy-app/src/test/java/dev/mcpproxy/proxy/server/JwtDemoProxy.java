package dev.mcpproxy.proxy.server;

import com.nimbusds.jose.JOSEObjectType;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.identity.IdentityConfig;
import dev.mcpproxy.proxy.identity.JwtCallerAuthenticator;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.util.List;
import java.util.Map;

/**
 * The demo upstream behind a proxy in identity mode {@code jwt}, trusting a mock-oauth2-server
 * issuer that mints real signed tokens for client {@value #CLIENT}.
 */
final class JwtDemoProxy implements AutoCloseable {
    static final String ISSUER = "idp";
    static final String CLIENT = "agent-client";

    final MockOAuth2Server oauth;
    final ProxyUnderTest proxy;
    private final DemoUpstream demo;

    private JwtDemoProxy(MockOAuth2Server oauth, DemoUpstream demo, ProxyUnderTest proxy) {
        this.oauth = oauth;
        this.demo = demo;
        this.proxy = proxy;
    }

    static JwtDemoProxy start(SessionMode mode) throws Exception {
        MockOAuth2Server oauth = new MockOAuth2Server();
        oauth.start();
        DemoUpstream demo = DemoUpstream.start("127.0.0.1", 0);
        IdentityConfig identity = new IdentityConfig(IdentityConfig.Mode.JWT, oauth.wellKnownUrl(ISSUER).toString(),
                null, null, null, List.of(CLIENT), List.of(), "access", 30, null, List.of(), true, null, 1, 60,
                null, null);
        ConfigProblems problems = new ConfigProblems();
        identity.validate("identity", problems);
        problems.throwIfAny();
        ProxyUnderTest proxy = ProxyUnderTest.start(ProxyUnderTest.server(mode),
                List.of(UpstreamConfig.of("demo", demo.url().toString())), JwtCallerAuthenticator.create(identity));
        return new JwtDemoProxy(oauth, demo, proxy);
    }

    /** A valid access token of {@value #CLIENT} for {@code subject}. */
    String token(String subject) {
        return oauth.issueToken(ISSUER, CLIENT, new DefaultOAuth2TokenCallback(ISSUER, subject,
                JOSEObjectType.JWT.getType(), null, Map.of("client_id", CLIENT, "token_use", "access"), 3600))
                .serialize();
    }

    @Override
    public void close() {
        proxy.close();
        demo.close();
        oauth.shutdown();
    }
}
