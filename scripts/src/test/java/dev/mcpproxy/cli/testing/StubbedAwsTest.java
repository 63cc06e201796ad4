package dev.mcpproxy.cli.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of CLI commands: fresh AWS stubs and a CLI pointed at them for every test. */
public abstract class StubbedAwsTest {

    @TempDir
    protected Path dir;

    protected AwsStubs aws;
    protected CliRun cli;

    @BeforeEach
    void startStubs() throws Exception {
        aws = new AwsStubs();
        cli = new CliRun(dir).aws(aws);
    }

    @AfterEach
    void stopStubs() {
        aws.close();
    }
}
