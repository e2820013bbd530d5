/**
 * The API Gateway HTTP API (payload 2.0) event, as Powertools' parser validates it
 * (`APIGatewayProxyEventV2Schema` of @aws-lambda-powertools/parser 2.35, field for field).
 *
 * Transcribed rather than imported because of the bundle: Powertools' schema files import zod as
 * `import { z } from 'zod'`, a namespace esbuild cannot tree-shake, which put all of zod (454 KB
 * with its 40 locales) into the API's bundle; written with `import * as z`, the same schema costs
 * a fraction of that (docs/benchmarks.md, figure 6). Powertools' `parser` middleware still does
 * the parsing.
 */
import * as z from 'zod';

const stringRecord = z.record(z.string(), z.string());
const stringArray = z.array(z.string());

const clientCert = z.object({
  clientCertPem: z.string(),
  subjectDN: z.string(),
  issuerDN: z.string(),
  serialNumber: z.string(),
  validity: z.object({ notBefore: z.string(), notAfter: z.string() }),
});

const authorizer = z.object({
  jwt: z.object({ claims: z.record(z.string(), z.any()), scopes: stringArray.nullable() }).optional(),
  iam: z
    .object({
      accessKey: z.string().optional(),
      accountId: z.string().optional(),
      callerId: z.string().optional(),
      principalOrgId: z.string().nullish(),
      userArn: z.string().optional(),
      userId: z.string().optional(),
      cognitoIdentity: z.object({ amr: stringArray, identityId: z.string(), identityPoolId: z.string() }).nullish(),
    })
    .optional(),
  lambda: z.record(z.string(), z.any()).nullish(),
});

const requestContext = z.object({
  accountId: z.string(),
  apiId: z.string(),
  authorizer: authorizer.optional(),
  authentication: z.object({ clientCert: clientCert.optional() }).nullish(),
  domainName: z.string(),
  domainPrefix: z.string(),
  http: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
    path: z.string(),
    protocol: z.string(),
    sourceIp: z.union([z.ipv4(), z.ipv6()]),
    userAgent: z.string(),
  }),
  requestId: z.string(),
  routeKey: z.string(),
  stage: z.string(),
  time: z.string(),
  timeEpoch: z.number(),
});

export const apiGatewayEventSchema = z.object({
  version: z.string(),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string(),
  cookies: stringArray.optional(),
  headers: stringRecord,
  queryStringParameters: stringRecord.optional(),
  requestContext,
  body: z.string().optional(),
  pathParameters: stringRecord.nullish(),
  isBase64Encoded: z.boolean(),
  stageVariables: stringRecord.nullish(),
});
