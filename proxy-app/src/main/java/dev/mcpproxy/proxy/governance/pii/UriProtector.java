package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Personal data in a resource URI ({@code resources/read}, {@code resources/subscribe}): replaced
 * like any text, and the call is refused ({@code -32005}) when the result is no longer a valid
 * URI (a redaction marker, say) or when percent-encoding hides a value that cannot be replaced
 * in place.
 */
final class UriProtector {
    private final ArgumentProtector protector;
    private final PiiScanner scanner;

    UriProtector(ArgumentProtector protector, PiiScanner scanner) {
        this.protector = protector;
        this.scanner = scanner;
    }

    /** The URI to forward: {@code uri} itself when nothing changed. */
    String protect(String uri, ToolRules rules, ArgumentProtector.Pass pass) throws GovernanceException {
        String protectedUri = protector.protectText(uri, "", rules, pass);
        if (protectedUri.indexOf('%') >= 0) {
            String decoded = percentDecoded(protectedUri);
            for (Detection detection : scanner.scan(decoded)) {
                if (rules.action(detection.type()) != PiiAction.ALLOW) {
                    pass.tally().detected(detection.type(), PiiAction.BLOCK);
                    throw refused(detection.type(), "Personal data of type " + detection.type()
                            + " is percent-encoded in the URI and cannot be replaced in place");
                }
            }
        }
        if (protectedUri != uri) {
            try {
                new URI(protectedUri);
            } catch (URISyntaxException e) {
                throw refused(null, "Personal data in the URI cannot be replaced keeping it a valid URI");
            }
        }
        return protectedUri;
    }

    private static GovernanceException refused(String type, String message) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("pointer", "/uri");
        if (type != null) {
            data.put("detector", type);
        }
        return new GovernanceException(JsonRpcErrors.PII_BLOCKED, message, data);
    }

    /** {@code %XX} escapes decoded as UTF-8; a malformed escape stays as written. */
    private static String percentDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            int high = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
            int low = high < 0 ? -1 : Character.digit(raw[i + 2], 16);
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
