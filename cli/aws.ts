/**
 * Which region and whose credentials a CLI grade uses, the way the AWS CLI would decide: flags,
 * then the standard environment and profile. Endpoints are never set here, so the SDK honours
 * `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` (LocalStack, moto).
 */
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { REGION_FORMAT } from '../checks/params.js';
import { AWS_REGIONS } from '../checks/regions.js';
import { type AccessOptions, CliError, shown, UsageError } from './args.js';

const isEndpointVariable = (k: string) => k === 'AWS_ENDPOINT_URL' || k.startsWith('AWS_ENDPOINT_URL_');

/** An emulator is in use: its regions are whatever it accepts. */
function endpointOverridden(env: NodeJS.ProcessEnv): boolean {
  return Object.keys(env).some((k) => isEndpointVariable(k) && env[k]);
}

/**
 * Rejects an AWS_ENDPOINT_URL[_<SERVICE>] that is not an http(s) URL: the SDK would otherwise
 * fail each call with 'Invalid URL', or send an ftp:// host to DNS.
 */
function checkEndpoints(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (!isEndpointVariable(name) || !value) continue;
    if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol)) {
      throw new UsageError(
        `${name} ${shown(value)} is not an http(s) URL`,
        `set it to one such as http://localhost:4566, or unset it`,
      );
    }
  }
}

/** Rejects a region that is malformed, or unknown to AWS unless an emulator endpoint is set. */
export function checkRegion(region: string, env: NodeJS.ProcessEnv, from: string): string {
  if (!REGION_FORMAT.test(region)) {
    throw new UsageError(
      `${from} ${shown(region)} is not an AWS region name`,
      'use a region such as ap-northeast-2 or us-east-1',
    );
  }
  if (!AWS_REGIONS.includes(region) && !endpointOverridden(env)) {
    throw new UsageError(
      `unknown AWS region ${shown(region)} (${from})`,
      'use a region such as ap-northeast-2 or us-east-1',
    );
  }
  return region;
}

/** The region of a profile in ~/.aws/config, as the SDK itself would read it. */
async function profileRegion(profile: string | undefined): Promise<string | undefined> {
  const client = new STSClient(profile ? { profile } : {});
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

/** --region, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's region (the endpoints checked first). */
export async function resolveRegion(access: AccessOptions, env: NodeJS.ProcessEnv): Promise<string> {
  checkEndpoints(env);
  if (access.region) return checkRegion(access.region, env, '--region');
  if (env.AWS_REGION) return checkRegion(env.AWS_REGION, env, 'AWS_REGION');
  if (env.AWS_DEFAULT_REGION) return checkRegion(env.AWS_DEFAULT_REGION, env, 'AWS_DEFAULT_REGION');
  const profile = access.profile ?? env.AWS_PROFILE;
  const region = await profileRegion(access.profile);
  if (region) return checkRegion(region, env, `the region of profile '${profile ?? 'default'}'`);
  throw new UsageError(
    profile
      ? `no AWS region given, and profile '${profile}' has none (is the profile name right?)`
      : 'no AWS region given',
    'pass --region (e.g. --region ap-northeast-2) or set AWS_REGION',
  );
}

/**
 * The caller's credentials (profile or the default chain), or a role assumed with them. The
 * session is named after the grader so the student's CloudTrail shows who read the account.
 */
export function resolveCredentials(access: AccessOptions, region: string): AwsCredentialIdentityProvider {
  const caller = fromNodeProviderChain(access.profile ? { profile: access.profile } : {});
  if (!access.roleArn) return caller;
  return fromTemporaryCredentials({
    masterCredentials: caller,
    params: {
      RoleArn: access.roleArn,
      RoleSessionName: `labgrader-cli-${Date.now()}`,
      ...(access.externalId ? { ExternalId: access.externalId } : {}),
    },
    clientConfig: { region, ...(access.profile ? { profile: access.profile } : {}) },
  });
}

/**
 * Why the account could not be read, said for a terminal: the AWS error code, and a remedy that
 * names the profile or role given on the command line. Exit code 1.
 */
export function accessFailure(error: { code: string; message: string }, access: AccessOptions): CliError {
  const { code } = error;
  if (code === 'CredentialsProviderError' && access.profile) {
    return new CliError(
      `no AWS credentials for profile '${access.profile}' (${code}); check the name ('aws configure list-profiles') or sign in ('aws sso login --profile ${access.profile}')`,
      1,
    );
  }
  if (access.roleArn && (code === 'AccessDenied' || code === 'AccessDeniedException')) {
    return new CliError(
      `could not assume role ${access.roleArn} (${code}); check that the role trusts the caller's account and that --external-id matches the role's trust policy`,
      1,
    );
  }
  // The grade core says "problem: what to do"; the CLI's line is "problem (code); what to do".
  if (error.message.startsWith('could not reach AWS')) {
    return new CliError(`${error.message}; check the network, the region and any AWS_ENDPOINT_URL setting`, 1);
  }
  const split = error.message.indexOf(': ');
  const problem = split > 0 ? error.message.slice(0, split) : error.message;
  const remedy = split > 0 ? error.message.slice(split + 2) : 'check the AWS credentials and try again';
  return new CliError(`${problem}${error.message.includes(code) ? '' : ` (${code})`}; ${remedy}`, 1);
}
