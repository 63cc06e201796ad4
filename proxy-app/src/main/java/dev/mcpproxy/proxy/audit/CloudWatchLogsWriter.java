package dev.mcpproxy.proxy.audit;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * An audit output that puts each line as one event into a CloudWatch Logs stream of its own (one
 * per process, created at start). The sink writes a batch and then flushes; the flush sends it,
 * in as few {@code PutLogEvents} calls as the service's limits allow. A failed call loses that
 * batch for this output only (the sink logs it); the other outputs still get it.
 */
final class CloudWatchLogsWriter extends Writer {
    /** The service allows 10,000 events and 1,048,576 bytes (each event's UTF-8 size plus 26) per call. */
    private static final int MAX_EVENTS = 10_000;
    private static final int MAX_BYTES = 1_048_576;
    private static final int EVENT_OVERHEAD = 26;

    private final CloudWatchLogsClient client;
    private final String group;
    private final String stream;
    private final Clock clock;
    private final StringBuilder pending = new StringBuilder();

    CloudWatchLogsWriter(CloudWatchLogsClient client, String group, String stream, Clock clock) {
        this.client = client;
        this.group = group;
        this.stream = stream;
        this.clock = clock;
        try {
            client.createLogStream(request -> request.logGroupName(group).logStreamName(stream));
        } catch (ResourceAlreadyExistsException e) {
            // A restarted process with the same stream name keeps appending to it.
        }
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        pending.append(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
        int complete = pending.lastIndexOf("\n") + 1;
        if (complete == 0) {
            return;
        }
        String lines = pending.substring(0, complete);
        pending.delete(0, complete);
        long now = clock.millis();
        List<InputLogEvent> batch = new ArrayList<>();
        int bytes = 0;
        for (String line : lines.split("\n")) {
            int size = line.getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
            if (!batch.isEmpty() && (batch.size() == MAX_EVENTS || bytes + size > MAX_BYTES)) {
                put(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(InputLogEvent.builder().timestamp(now).message(line).build());
            bytes += size;
        }
        put(batch);
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            client.close();
        }
    }

    private void put(List<InputLogEvent> events) throws IOException {
        try {
            client.putLogEvents(request -> request.logGroupName(group).logStreamName(stream).logEvents(events));
        } catch (SdkException e) {
            throw new IOException("CloudWatch Logs group " + group + " refused " + events.size() + " events: "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
