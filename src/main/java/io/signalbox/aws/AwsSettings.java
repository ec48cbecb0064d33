package io.signalbox.aws;

import java.net.URI;

/**
 * How Signalbox reaches AWS or its stand-ins.
 *
 * @param sqsEndpoint      SQS endpoint override, or null for AWS's own
 * @param dynamoDbEndpoint DynamoDB endpoint override, or null for AWS's own
 * @param accessKey        static credentials (the stand-ins accept any), or null for the default provider
 *                         chain (environment, profile, instance role)
 */
public record AwsSettings(String region, String account, URI sqsEndpoint, URI dynamoDbEndpoint, String accessKey,
        String secretKey) {
}
