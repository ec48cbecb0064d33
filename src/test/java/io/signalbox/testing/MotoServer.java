package io.signalbox.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * moto's server (EventBridge, SQS, DynamoDB, SNS and S3 APIs) as a separate process on a free loopback port, for
 * the tests of profile aws: against it, as against AWS, none of Signalbox's stand-ins runs. Maven installs it
 * into target/moto before the tests (src/test/moto/install.sh); its path comes in system property
 * {@code signalbox.moto-server}.
 */
public final class MotoServer implements AutoCloseable {

    /** moto's default account: the account of the ARNs it makes. */
    public static final String ACCOUNT = "123456789012";
    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("moto", "moto");
    private final List<SdkClient> clients = new CopyOnWriteArrayList<>();

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts moto's server and returns once it answers. */
    public static MotoServer start(Path logDir) {
        Path executable = Path.of(System.getProperty("signalbox.moto-server", "target/moto/bin/moto_server"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("moto's server is not installed at " + executable + ": `mvn verify` installs it"
                    + " (src/test/moto/install.sh target/moto), which needs python3 with venv");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            Path log = Files.createDirectories(logDir).resolve("moto.log");
            process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        MotoServer moto = new MotoServer(process, endpoint);
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto's server exited with " + process.exitValue()
                            + "; its output is in " + logDir.resolve("moto.log"));
                }
                return http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
        return moto;
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client s3() {
        return client(S3Client.builder().forcePathStyle(true));
    }

    public SnsClient sns() {
        return client(SnsClient.builder());
    }

    public SqsClient sqs() {
        return client(SqsClient.builder());
    }

    public EventBridgeClient events() {
        return client(EventBridgeClient.builder());
    }

    public DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.builder());
    }

    /**
     * A client of this server: its endpoint, moto's region and any credentials (moto takes all); closed when the
     * server is.
     */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(B builder) {
        C client = builder.region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        clients.add(client);
        return client;
    }

    /** Closes the clients it handed out, then stops the server. */
    @Override
    public void close() {
        clients.forEach(SdkClient::close);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
