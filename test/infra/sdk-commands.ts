/**
 * Finds the AWS commands a source file can send, by reading its syntax, and names the IAM action
 * each needs: the evidence the least-privilege test holds the collectors' declared actions to.
 */
import ts from 'typescript';

/** The IAM service prefix of each AWS SDK v3 client package the collectors may use. */
const SERVICE_PREFIX: Record<string, string> = {
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-cloudformation': 'cloudformation',
  '@aws-sdk/client-cloudtrail': 'cloudtrail',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-elastic-load-balancing': 'elasticloadbalancing',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-rds': 'rds',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-s3-control': 's3',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-sts': 'sts',
};

/**
 * API operations whose IAM action has another name (AWS Service Authorization Reference); every
 * other operation's action is the operation's own name.
 */
const ACTION_OF_OPERATION: Record<string, string> = {
  '@aws-sdk/client-s3 ListBuckets': 's3:ListAllMyBuckets',
  '@aws-sdk/client-s3 HeadBucket': 's3:ListBucket',
  '@aws-sdk/client-s3 ListObjectsV2': 's3:ListBucket',
  '@aws-sdk/client-s3 GetBucketEncryption': 's3:GetEncryptionConfiguration',
  '@aws-sdk/client-s3 GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  '@aws-sdk/client-s3 GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  '@aws-sdk/client-s3 GetBucketReplication': 's3:GetReplicationConfiguration',
  '@aws-sdk/client-s3 GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  '@aws-sdk/client-s3 GetBucketCors': 's3:GetBucketCORS',
  '@aws-sdk/client-s3 GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  '@aws-sdk/client-s3-control GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};

export interface SentCommand {
  file: string;
  pkg: string;
  /** How the code names it (`new GetPublicAccessBlockCommand(`, `paginateDescribeVpcs(`). */
  call: string;
  operation: string;
}

/** The IAM action a command needs. */
export function actionOf(command: Pick<SentCommand, 'pkg' | 'operation'>): string {
  const prefix = SERVICE_PREFIX[command.pkg];
  if (!prefix)
    throw new Error(
      `no IAM service prefix known for ${command.pkg}: add it to SERVICE_PREFIX in test/infra/sdk-commands.ts`,
    );
  return ACTION_OF_OPERATION[`${command.pkg} ${command.operation}`] ?? `${prefix}:${command.operation}`;
}

/**
 * The AWS commands a source file can send: `new XxxCommand(` and `paginateXxx(` of identifiers
 * imported (possibly renamed) from an AWS SDK client package.
 */
export function commandsSentBy(file: string, text: string): SentCommand[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const imported = new Map<string, { pkg: string; name: string }>();
  const found: SentCommand[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const pkg = statement.moduleSpecifier.text;
    if (!pkg.startsWith('@aws-sdk/client-')) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) {
      throw new Error(`${file}: \`import * as\` from ${pkg} hides which commands are sent; import them by name`);
    }
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const spec of bindings.elements) {
      imported.set(spec.name.text, { pkg, name: (spec.propertyName ?? spec.name).text });
    }
  }
  const visit = (node: ts.Node) => {
    const callee = ts.isNewExpression(node) || ts.isCallExpression(node) ? node.expression : undefined;
    if (callee && ts.isIdentifier(callee)) {
      const origin = imported.get(callee.text);
      if (origin && ts.isNewExpression(node) && /^[A-Z]\w*Command$/.test(origin.name)) {
        found.push({
          file,
          pkg: origin.pkg,
          call: `new ${callee.text}(`,
          operation: origin.name.slice(0, -'Command'.length),
        });
      }
      if (origin && ts.isCallExpression(node) && /^paginate[A-Z]/.test(origin.name)) {
        found.push({ file, pkg: origin.pkg, call: `${callee.text}(`, operation: origin.name.slice('paginate'.length) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
