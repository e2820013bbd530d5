/**
 * The local service's HTTP front: what API Gateway does in AWS. Each request becomes an HTTP API
 * (payload 2.0) event and goes to the same Lambda handler as in AWS. The bearer token is checked
 * here, like API Gateway's JWT authorizer, and its claims are handed over the way API Gateway
 * hands them (arrays as `[a b]` strings). Static files of dashboard/ are served at `/`.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ErrorResponse } from '../api/contract.js';
import { type DevClaims, DevTokenError } from './dev-token.js';
import { localLambdaContext } from './lambda-context.js';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalServerOptions {
  handler: Handler;
  /** Verifies a bearer token (throws DevTokenError when it is not valid). */
  verify: (token: string) => DevClaims;
  /** Serve this folder's files at `/` (when it exists). */
  staticDir?: string;
  /** API Gateway refuses bodies over 10 MB; the local front stops reading at this many bytes. */
  maxBodyBytes?: number;
  /** The command that prints a token this service accepts (named when a token is refused). */
  tokenCommand?: string;
}

/** First path segments of the API (everything else is a static file). `/api/...` also reaches the API. */
const API_ROOTS = new Set(['me', 'labs', 'grades', 'students', 'courses', 'lti', 'events']);
/**
 * Roots whose routes take no bearer token (the LTI launch flow authenticates itself). Everywhere
 * else a request without one is refused at once, before its body is read, as API Gateway's JWT
 * authorizer does.
 */
const PUBLIC_ROOTS = new Set(['lti']);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
};

/** API Gateway's header naming the request id on every answer. */
const REQUEST_ID_HEADER = 'apigw-requestid';

/** An error answered by the front itself, with the request id like every other answer. */
function sendError(
  res: ServerResponse,
  requestId: string,
  status: number,
  code: ErrorResponse['error']['code'],
  message: string,
) {
  const body: ErrorResponse = { error: { code, message, requestId } };
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...CORS,
    [REQUEST_ID_HEADER]: requestId,
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
  });
  res.end(JSON.stringify(body));
}

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** API Gateway's rendering of claims: strings stay, arrays become `[a b]`, the rest JSON. */
function gatewayClaims(claims: DevClaims): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [
      k,
      Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : (v as string | number),
    ]),
  );
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  path: string,
  body: Buffer,
  claims: DevClaims | undefined,
  requestId: string,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined && k !== 'cookie') headers[k] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] as string,
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims: gatewayClaims(claims), scopes: null },
            },
          }
        : {}),
    },
    ...(body.length ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  };
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

async function serveStatic(res: ServerResponse, root: string, path: string): Promise<boolean> {
  const base = resolve(root);
  let relative: string;
  try {
    relative = decodeURIComponent(path);
  } catch {
    return false;
  }
  let file = resolve(join(base, relative));
  if (file !== base && !file.startsWith(base + sep)) return false;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const data = await readFile(file);
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(data);
    return true;
  } catch {
    return false;
  }
}

/** An HTTP server in front of the API handler; `listen` it yourself or use {@link listen}. */
export function createLocalServer(options: LocalServerOptions): Server {
  const max = options.maxBodyBytes ?? 1024 * 1024;
  return createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = url.pathname;
      const first = path.split('/')[1] ?? '';
      if (first === 'api') path = path.slice('/api'.length) || '/';
      else if (!API_ROOTS.has(first)) {
        // HEAD as GET: Node sends the headers and leaves the body out.
        const read = req.method === 'GET' || req.method === 'HEAD';
        if (read && options.staticDir && (await serveStatic(res, options.staticDir, path))) return;
        if (req.method !== 'OPTIONS') return sendError(res, requestId, 404, 'not_found', `no route ${path}`);
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS);
        return res.end();
      }
      let claims: DevClaims | undefined;
      const auth = req.headers.authorization;
      if (!auth && !PUBLIC_ROOTS.has(path.split('/')[1] ?? '')) {
        res.setHeader('connection', 'close');
        return sendError(res, requestId, 401, 'unauthorized', 'no bearer token: send `Authorization: Bearer <token>`');
      }
      if (auth) {
        const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
        if (!token) {
          return sendError(res, requestId, 401, 'unauthorized', 'the Authorization header is not `Bearer <token>`');
        }
        try {
          claims = options.verify(token);
        } catch (err) {
          if (!(err instanceof DevTokenError)) throw err;
          return sendError(
            res,
            requestId,
            401,
            'unauthorized',
            `${err.message}: get one with '${options.tokenCommand ?? 'labgrader token'} --student ID' (or --instructor ID)`,
          );
        }
      }
      let body: Buffer;
      try {
        body = await readBody(req, max);
      } catch (err) {
        if (!(err instanceof BodyTooLargeError)) throw err;
        res.setHeader('connection', 'close');
        return sendError(res, requestId, 413, 'payload_too_large', `the body is over ${max} bytes`);
      }
      const event = toEvent(req, url, path, body, claims, requestId);
      const result = await options.handler(
        event,
        localLambdaContext({ name: 'api', requestId, timeoutMs: 30_000, memoryLimitInMB: '1024' }),
      );
      res.writeHead(result.statusCode ?? 200, {
        ...CORS,
        [REQUEST_ID_HEADER]: requestId,
        ...(result.headers as Record<string, string>),
        ...(result.cookies?.length ? { 'set-cookie': result.cookies } : {}),
      });
      res.end(result.body ?? '');
    } catch {
      // The handler maps its own failures; reaching this is a fault of the local front itself.
      if (!res.headersSent)
        sendError(res, requestId, 500, 'internal', 'the local service failed to handle the request');
      else res.end();
    }
  });
}

/** Listens and resolves with the base URL (port 0 picks a free port). */
export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown}:${address.port}`;
}
