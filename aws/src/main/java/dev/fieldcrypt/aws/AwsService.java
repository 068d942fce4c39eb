package dev.fieldcrypt.aws;

import java.util.regex.Pattern;

/**
 * The AWS service a setting names, with the words its messages use: the URI scheme, the service's
 * name, what it holds, the IAM action prefix, and the ARN shape whose region wins over {@code
 * AWS_REGION}.
 */
enum AwsService {
  SECRETS_MANAGER(
      "aws-sm",
      "Secrets Manager",
      "secret",
      "secretsmanager",
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:.+"),
      "aws-sm:<secret name or ARN>, e.g. aws-sm:prod/fieldcrypt-keys"),
  KMS(
      "aws-kms",
      "KMS",
      "key",
      "kms",
      Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):\\d{12}:(?:key|alias)/.+"),
      "aws-kms:<key ARN, alias ARN, alias/name or key id>, e.g. aws-kms:alias/fieldcrypt");

  final String scheme;
  final String displayName;
  final String resource;
  final String iamPrefix;
  final Pattern arn;
  final String syntax;

  AwsService(
      String scheme,
      String displayName,
      String resource,
      String iamPrefix,
      Pattern arn,
      String syntax) {
    this.scheme = scheme;
    this.displayName = displayName;
    this.resource = resource;
    this.iamPrefix = iamPrefix;
    this.arn = arn;
    this.syntax = syntax;
  }
}
