/**
 * A fake AWS endpoint for tests that need the SDK's real middleware (signing, retries, the
 * adaptive rate limiter, XML parsing): an HTTP `requestHandler` answering EC2 and STS query
 * requests with the XML AWS sends. Passed as client config (`ClientFactory` `extra`, grade()'s
 * `clientConfig`), so aws-sdk-client-mock must not be active on those clients.
 */

export interface StubResponse {
  status: number;
  body: string;
}

export interface StubRequest {
  /** The query API action, e.g. `DescribeVpcs`. */
  action: string;
  /** Form parameters of the request (NextToken, VpcId...). */
  params: Record<string, string>;
  /** How many requests for this action came before this one (0 for the first). */
  seen: number;
}

/** An HTTP handler the SDK accepts as `requestHandler`, with the requests it received. */
export interface HttpStub {
  handle(request: {
    body?: unknown;
  }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }>;
  requests: StubRequest[];
  /** Requests for one action. */
  count(action: string): number;
}

/** Answers each request with `answer(request)`; an action `answer` does not know is a test bug (HTTP 500). */
export function httpStub(answer: (request: StubRequest) => StubResponse | undefined): HttpStub {
  const requests: StubRequest[] = [];
  const count = (action: string) => requests.filter((r) => r.action === action).length;
  return {
    requests,
    count,
    async handle(request) {
      const params = Object.fromEntries(new URLSearchParams(String(request.body ?? '')));
      const action = params.Action ?? '(none)';
      const req: StubRequest = { action, params, seen: count(action) };
      requests.push(req);
      const res = answer(req) ?? { status: 500, body: errorXml('InternalError', `the stub does not answer ${action}`) };
      return {
        response: {
          statusCode: res.status,
          headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': 'stub' },
          body: new TextEncoder().encode(res.body),
        },
      };
    },
  };
}

/** EC2's error document (EC2 answers throttling with HTTP 503 `RequestLimitExceeded`). */
export function errorXml(code: string, message: string): string {
  return `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>x</RequestID></Response>`;
}

export const throttled = (): StubResponse => ({
  status: 503,
  body: errorXml('RequestLimitExceeded', 'Request limit exceeded.'),
});

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** A DescribeVpcsResponse page. */
export function describeVpcsXml(vpcs: { id: string; cidr: string; isDefault?: boolean }[], nextToken?: string): string {
  const items = vpcs
    .map(
      (v) =>
        `<item><vpcId>${v.id}</vpcId><state>available</state><cidrBlock>${v.cidr}</cidrBlock><isDefault>${v.isDefault ?? false}</isDefault></item>`,
    )
    .join('');
  const token = nextToken ? `<nextToken>${nextToken}</nextToken>` : '';
  return `<DescribeVpcsResponse xmlns="${EC2_NS}"><requestId>r-1</requestId><vpcSet>${items}</vpcSet>${token}</DescribeVpcsResponse>`;
}

/** A DescribeSubnetsResponse page. */
export function describeSubnetsXml(subnets: { id: string; vpcId: string; cidr: string; az: string }[]): string {
  const items = subnets
    .map(
      (s) =>
        `<item><subnetId>${s.id}</subnetId><vpcId>${s.vpcId}</vpcId><cidrBlock>${s.cidr}</cidrBlock><availabilityZone>${s.az}</availabilityZone></item>`,
    )
    .join('');
  return `<DescribeSubnetsResponse xmlns="${EC2_NS}"><requestId>r-2</requestId><subnetSet>${items}</subnetSet></DescribeSubnetsResponse>`;
}

/** STS GetCallerIdentity's answer. */
export function callerIdentityXml(account: string): string {
  return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::${account}:assumed-role/LabGraderReadOnly/labgrader</Arn><UserId>AROAEXAMPLE:labgrader</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
}

/** Credentials that only a stub endpoint accepts (the SDK signs with them; nothing checks the signature). */
export const STUB_CREDENTIALS = { accessKeyId: 'AKIASTUBSTUBSTUBSTUB', secretAccessKey: 'stub-secret' };
