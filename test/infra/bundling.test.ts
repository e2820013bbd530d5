/**
 * The handlers' bundling (infra/bundling.ts) loads the SDK packages a file imports statically with
 * require(): the rewrite keeps every column of the minified code (so the source map holds) and the
 * bindings the code reads.
 */
import { describe, expect, it } from 'vitest';
import { REQUIRE_BANNER, requireSdkImports } from '../../infra/bundling.js';

describe('requireSdkImports', () => {
  const body =
    'var a=1;import{DynamoDBClient as d,GetItemCommand}from"@aws-sdk/client-dynamodb";function f(){return"import{x}from\\"y\\""}' +
    'import*as s from"@aws-sdk/client-sqs";import k,{KMSClient as m}from"@aws-sdk/client-kms";import"@aws-sdk/client-s3";' +
    'import{a as b}from"./chunks/chunk-X.mjs";const later=import("@aws-sdk/client-sts");';

  it('turns each static SDK import into a require on the banner line and blanks it in place', () => {
    const out = requireSdkImports(`${REQUIRE_BANNER}\n${body}`);
    const [banner, rest = ''] = out.split('\n');
    expect(banner).toBe(
      `${REQUIRE_BANNER} const{DynamoDBClient:d,GetItemCommand}=require("@aws-sdk/client-dynamodb");` +
        'const s=require("@aws-sdk/client-sqs");const k=require("@aws-sdk/client-kms");const{KMSClient:m}=require("@aws-sdk/client-kms");' +
        'require("@aws-sdk/client-s3");',
    );
    expect(rest).toHaveLength(body.length);
    expect(rest).not.toMatch(/from"@aws-sdk/);
    // The project's own chunks and a lazy import() of the SDK stay ESM.
    expect(rest).toContain('import{a as b}from"./chunks/chunk-X.mjs";');
    expect(rest).toContain('import("@aws-sdk/client-sts")');
    expect(rest.indexOf('function f()')).toBe(body.indexOf('function f()'));
  });

  it('refuses a file without the require banner', () => {
    expect(() => requireSdkImports(body)).toThrow(/banner/);
  });
});
