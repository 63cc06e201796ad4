package dev.mcpproxy.proxy.governance.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A configured file location: a path (file or directory of {@code *.cedar}) or a {@code classpath:} resource. */
record PolicySource(String name, String text) {
    private static final String CLASSPATH = "classpath:";

    static List<PolicySource> policies(String location) throws IOException {
        if (!location.startsWith(CLASSPATH) && Files.isDirectory(Path.of(location))) {
            try (Stream<Path> files = Files.list(Path.of(location))) {
                List<Path> cedarFiles = files.filter(f -> f.getFileName().toString().endsWith(".cedar")).sorted().toList();
                if (cedarFiles.isEmpty()) {
                    throw new IOException("no *.cedar files in directory " + location);
                }
                return cedarFiles.stream().map(PolicySource::readUnchecked).toList();
            }
        }
        return List.of(read(location));
    }

    static PolicySource read(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            try (InputStream in = PolicySource.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no classpath resource " + resource);
                }
                return new PolicySource(location, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return new PolicySource(location, Files.readString(Path.of(location)));
    }

    private static PolicySource readUnchecked(Path file) {
        try {
            return new PolicySource(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 1-based line of a character offset. */
    int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
