/**
 * A local AWS endpoint for CLI tests: a node:http server on 127.0.0.1 that a child `labgrader`
 * reaches through AWS_ENDPOINT_URL. It answers STS and EC2 query-protocol requests with the XML
 * AWS sends, so the real SDK (signing, retries, XML parsing, credential providers) runs offline.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  /** The query API action, e.g. `GetCallerIdentity`, `DescribeVpcs`. */
  action: string;
  params: Record<string, string>;
  /** The access key id the request was signed with (from the SigV4 Authorization header). */
  accessKeyId: string | undefined;
}

export interface FakeResponse {
  status: number;
  body: string;
}

export interface FakeAws {
  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL. */
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** Starts the endpoint; `answer` decides each response (undefined: HTTP 500, a test bug). */
export async function startFakeAws(answer: (request: FakeRequest) => FakeResponse | undefined): Promise<FakeAws> {
  const requests: FakeRequest[] = [];
  const server = createServer(async (req, res) => {
    const params = Object.fromEntries(new URLSearchParams(await bodyOf(req)));
    const credential = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
    const request: FakeRequest = { action: params.Action ?? '(none)', params, accessKeyId: credential };
    requests.push(request);
    const out = answer(request) ?? { status: 500, body: ec2Error('InternalError', `no answer for ${request.action}`) };
    res.writeHead(out.status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': 'fake-1' });
    res.end(out.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** STS's (query protocol) error document. */
export function stsError(code: string, message: string, status = 403): FakeResponse {
  return {
    status,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake-1</RequestId></ErrorResponse>`,
  };
}

/** EC2's error document. */
export function ec2Error(code: string, message: string): string {
  return `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fake-1</RequestID></Response>`;
}

export function callerIdentity(account: string, arn = `arn:aws:iam::${account}:user/student`): FakeResponse {
  return {
    status: 200,
    body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAFAKE</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  };
}

export function assumedRole(accessKeyId: string, roleArn: string, session: string): FakeResponse {
  const account = roleArn.split(':')[4] ?? '000000000000';
  const role = roleArn.split('/').pop() ?? 'role';
  return {
    status: 200,
    body: `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey><SessionToken>fake-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${role}/${session}</Arn><AssumedRoleId>AROAFAKE:${session}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>fake-1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  };
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** An EC2 answer: `inner` is the XML between requestId and the end of `<Action>Response`. */
export function ec2Ok(action: string, inner = ''): FakeResponse {
  return {
    status: 200,
    body: `<${action}Response xmlns="${EC2_NS}"><requestId>fake-1</requestId>${inner}</${action}Response>`,
  };
}
