package dev.mcpproxy.proxy.governance.pii;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Prints a new tokenization keyset as Tink JSON, or, given an existing keyset file, that keyset
 * with a fresh primary key added (rotation: new tokens use the new key, old tokens still decode).
 *
 * <pre>java -cp proxy-app.jar dev.mcpproxy.proxy.governance.pii.PiiKeysetGenerator [EXISTING.json] &gt; keyset.json</pre>
 */
public final class PiiKeysetGenerator {

    private PiiKeysetGenerator() {
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        KeysetHandle keyset = args.length == 0 ? PiiKeysetLoader.generate() : rotate(Path.of(args[0]));
        System.out.println(PiiKeysetLoader.toJson(keyset));
    }

    static KeysetHandle rotate(Path existing) throws IOException, GeneralSecurityException {
        KeysetHandle current = new PiiKeysetLoader().load(new PiiKeysetConfig(null, existing.toString(), null));
        return KeysetHandle.newBuilder(current)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedDeterministicAeadParameters.AES256_SIV)
                        .withRandomId()
                        .makePrimary())
                .build();
    }
}
