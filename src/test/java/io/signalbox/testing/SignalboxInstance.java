package io.signalbox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.config.Launcher;
import io.signalbox.config.Profile;
import io.signalbox.store.DynamoItems;
import io.signalbox.store.Tables;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A whole Signalbox (profile local, both stand-ins, unless {@link #profile(Profile)} says otherwise) in this JVM,
 * on free loopback ports, with its data and config in a directory the test owns, so tests never touch the
 * working tree's data/ nor the default ports. The config directory starts as a copy of the repository's
 * config/*.yaml; a test may rewrite a file in it before {@link #start()}.
 */
public final class SignalboxInstance implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Map<String, String> properties = new HashMap<>();
    private final int httpPort;
    private final int sqsPort;
    private Profile profile = Profile.LOCAL;
    private Main main;
    private SqsClient sqs;
    private DynamoDbClient dynamoDb;
    private EventBridgeClient events;

    private SignalboxInstance(Path home) {
        this.home = home;
        this.httpPort = freePort();
        this.sqsPort = freePort();
        properties.put("signalbox.http.port", Integer.toString(httpPort));
        properties.put("signalbox.local.sqs-port", Integer.toString(sqsPort));
        properties.put("signalbox.data.dir", home.resolve("data").toString());
        // ElasticMQ 1.7.1 opens its H2 message store once per JVM and every later instance in the JVM reuses it,
        // so persistent instances in one test fork would see each other's messages: tests keep queues in memory
        // unless they test persistence (RestartIT: .with("signalbox.in-memory", "false"))
        properties.put("signalbox.in-memory", "true");
        // tests wait on conditions; a short long-poll keeps stopping fast
        properties.put("signalbox.ingest.wait-time-seconds", "1");
        properties.put("camel.main.shutdownTimeout", "5");
    }

    /** A new instance whose data and config live under {@code home} (a JUnit @TempDir). */
    public static SignalboxInstance in(Path home) {
        try {
            Path config = Files.createDirectories(home.resolve("config"));
            try (var files = Files.list(Path.of("config"))) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".yaml"))::iterator) {
                    Path target = config.resolve(file.getFileName());
                    if (!Files.exists(target)) {
                        Files.copy(file, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SignalboxInstance(home);
    }

    /** Same home and ports as {@code previous} (which must be closed): a restart on the same data. */
    public static SignalboxInstance restartOf(SignalboxInstance previous) {
        SignalboxInstance next = new SignalboxInstance(previous.home, previous);
        return next;
    }

    private SignalboxInstance(Path home, SignalboxInstance previous) {
        this.home = home;
        this.httpPort = previous.httpPort;
        this.sqsPort = previous.sqsPort;
        this.properties.putAll(previous.properties);
    }

    public SignalboxInstance with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Starts in {@code profile} instead of local (aws: point its clients at a server with signalbox.aws.*). */
    public SignalboxInstance profile(Profile profile) {
        this.profile = profile;
        return this;
    }

    public Path configDir() {
        return home.resolve("config");
    }

    public SignalboxInstance start() {
        main = Launcher.create(profile, configDir().toString(), properties);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("Signalbox did not start", e);
        }
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** The tables, to put what a test needs in place (the DynamoDB API over the local tables only reads). */
    public Tables tables() {
        return context().getRegistry().lookupByNameAndType("tables", Tables.class);
    }

    /** Puts {@code item}, given as DynamoDB attribute values, into {@code table}, as another system would write it. */
    public void put(String table, Map<String, AttributeValue> item) {
        tables().put(table, DynamoItems.item(item)).join();
    }

    public int httpPort() {
        return httpPort;
    }

    public URI httpEndpoint() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public URI sqsEndpoint() {
        return URI.create("http://127.0.0.1:" + sqsPort);
    }


    public String queueUrl(String queue) {
        return sqs().getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    /** Receives (and deletes) what is on {@code queue} now, with its message and system attributes. */
    public List<Message> drain(String queue) {
        String url = queueUrl(queue);
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            for (Message m : batch) {
                sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** {@link #drain(String)}, each body read as JSON (a body that is not fails the test). */
    public List<JsonNode> drainJson(String queue) {
        List<JsonNode> bodies = new ArrayList<>();
        for (Message m : drain(queue)) {
            try {
                bodies.add(JSON.readTree(m.body()));
            } catch (IOException e) {
                throw new AssertionError("Not JSON on " + queue + ": " + m.body(), e);
            }
        }
        return bodies;
    }

    /** An SQS client of the test's own, as a user's would be. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder().endpointOverride(sqsEndpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }
        return sqs;
    }

    /**
     * The AWS SDK's DynamoDB client pointed at Signalbox's API endpoint, which serves DynamoDB's read operations
     * over the local tables (profile local); as a user's CLI would read them.
     */
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder().endpointOverride(httpEndpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }
        return dynamoDb;
    }

    /** The AWS SDK's EventBridge client pointed at Signalbox's API, unchanged but for the endpoint. */
    public synchronized EventBridgeClient events() {
        if (events == null) {
            events = EventBridgeClient.builder().endpointOverride(httpEndpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }
        return events;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {sqs, dynamoDb, events}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a test client
                }
            }
        }
        sqs = null;
        dynamoDb = null;
        events = null;
        if (main != null) {
            try {
                main.stop();
            } catch (Exception e) {
                throw new IllegalStateException("Signalbox did not stop", e);
            }
        }
    }

    /** Ports handed out in this JVM: never twice, so one instance's HTTP and SQS ports cannot coincide. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A free loopback port below Linux's ephemeral range (32768+): an ephemeral port that is free now may be
     * taken by any outgoing connection (of this JVM or of another test run on the machine) before the server
     * binds it, seconds later; a port below that range can only be taken by an explicit bind. Never the same
     * port twice in one JVM.
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = random.nextInt(20000, 32000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // in use: try another
            }
        }
        throw new UncheckedIOException(new IOException("No free loopback port found in 20000-31999"));
    }
}
