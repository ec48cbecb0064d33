package io.signalbox.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The AWS SDK clients, built once per process and shared: the Camel aws2 components autowire the sync
 * clients, the bus delivers through the async SQS client. Endpoints and credentials come from settings,
 * so a profile changes where they point, never the routes.
 */
public final class AwsClients implements AutoCloseable {

    private final SqsClient sqs;
    private final SqsAsyncClient sqsAsync;
    /** DynamoDB's endpoint override, or null; its clients are built when state is in DynamoDB (profile aws). */
    private final URI dynamoDbEndpoint;
    private DynamoDbClient dynamoDb;
    private DynamoDbAsyncClient dynamoDbAsync;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    /** The clients built on demand (EventBridge, SNS, S3), closed with these. */
    private final List<SdkClient> onDemand = new CopyOnWriteArrayList<>();

    public AwsClients(AwsSettings settings) {
        Region region = Region.of(settings.region());
        AwsCredentialsProvider credentials = settings.accessKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));

        // one connection per ingest polling thread (each holds one through its long poll), with room to spare
        SqsClientBuilder sqsBuilder = SqsClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(256));
        SqsAsyncClientBuilder asyncBuilder = SqsAsyncClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(256)
                        .connectionAcquisitionTimeout(Duration.ofSeconds(30)));
        if (settings.sqsEndpoint() != null) {
            sqsBuilder.endpointOverride(settings.sqsEndpoint());
            asyncBuilder.endpointOverride(settings.sqsEndpoint());
        }
        this.dynamoDbEndpoint = settings.dynamoDbEndpoint();
        this.region = region;
        this.credentials = credentials;
        this.sqs = sqsBuilder.build();
        this.sqsAsync = asyncBuilder.build();
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SqsAsyncClient sqsAsync() {
        return sqsAsync;
    }

    /** The DynamoDB client for synchronous calls; built on first use (only profile aws keeps state there). */
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            DynamoDbClientBuilder builder = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
            if (dynamoDbEndpoint != null) {
                builder.endpointOverride(dynamoDbEndpoint);
            }
            dynamoDb = builder.build();
        }
        return dynamoDb;
    }

    /** The async DynamoDB client the stores share; built on first use. */
    public synchronized DynamoDbAsyncClient dynamoDbAsync() {
        if (dynamoDbAsync == null) {
            DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder().region(region)
                    .credentialsProvider(credentials).httpClientBuilder(NettyNioAsyncHttpClient.builder()
                            .maxConcurrency(256).connectionAcquisitionTimeout(Duration.ofSeconds(30)));
            if (dynamoDbEndpoint != null) {
                builder.endpointOverride(dynamoDbEndpoint);
            }
            dynamoDbAsync = builder.build();
        }
        return dynamoDbAsync;
    }

    /**
     * An EventBridge client (profile {@code aws}: the bus events are published on); built only where it is used,
     * once.
     *
     * @param endpoint an override (a compatible server), or null or blank for AWS's own
     */
    public EventBridgeAsyncClient eventBridgeAsync(String endpoint) {
        return onDemand(EventBridgeAsyncClient.builder().httpClientBuilder(NettyNioAsyncHttpClient.builder()
                .maxConcurrency(64).connectionAcquisitionTimeout(Duration.ofSeconds(30))), endpoint);
    }

    /**
     * An SNS client (profile {@code aws}: where notifications are published); built only where it is used, once.
     *
     * @param endpoint an override (a compatible server), or null or blank for AWS's own
     */
    public SnsAsyncClient snsAsync(String endpoint) {
        return onDemand(SnsAsyncClient.builder().httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64)),
                endpoint);
    }

    /**
     * An S3 client (profile {@code aws}: where the weekly reports go); built only where it is used, once. With an
     * endpoint override it addresses buckets by path, as S3-compatible servers expect.
     *
     * @param endpoint an override (a compatible server), or null or blank for AWS's own
     */
    public S3Client s3(String endpoint) {
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder().maxConnections(16));
        if (override(endpoint) != null) {
            builder.forcePathStyle(true);
        }
        return onDemand(builder, endpoint);
    }

    /** A client of a service only some profiles use: the region and credentials of the others, closed with them. */
    private <B extends AwsClientBuilder<B, C>, C extends SdkClient> C onDemand(B builder, String endpoint) {
        builder.region(region).credentialsProvider(credentials);
        URI override = override(endpoint);
        if (override != null) {
            builder.endpointOverride(override);
        }
        C client = builder.build();
        onDemand.add(client);
        return client;
    }

    private static URI override(String endpoint) {
        return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim());
    }

    @Override
    public void close() {
        onDemand.forEach(SdkClient::close);
        sqs.close();
        sqsAsync.close();
        synchronized (this) {
            if (dynamoDb != null) {
                dynamoDb.close();
            }
            if (dynamoDbAsync != null) {
                dynamoDbAsync.close();
            }
        }
    }
}
