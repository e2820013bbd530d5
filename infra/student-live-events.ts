/**
 * The live-grading part of the student access template (docs/deploy.md, "Live grading"): an
 * EventBridge rule on the student's default bus that forwards the CloudTrail management events of
 * the services the labs read, writes only, to the grader's event bus, through a role that may put
 * events on that one bus and nothing else; and, unless the student already has one, the
 * cheapest CloudTrail trail that makes EventBridge receive those events at all.
 *
 * AWS facts this rests on (EventBridge user guide, "Events from AWS services" and "Receiving
 * read-only management events"; CloudTrail pricing):
 * - `AWS API Call via CloudTrail` events reach EventBridge only while a trail logs management
 *   events; the first copy of management events per region is free, S3 storage is not.
 * - A rule in the ENABLED state already skips read-only management events; `readOnly: [false]`
 *   in the pattern also drops the read-only calls whose names do not start with Describe/Get/List.
 * - Global services (IAM) emit their events in us-east-1 only: a student who builds elsewhere
 *   deploys this template a second time in us-east-1 with `GraderRole=false`.
 */
import {
  CLOUDTRAIL_DETAIL_TYPE,
  envelopeSourceOf,
  forwardedEventSources,
  LIVE_RULE_LOGICAL_ID,
  LIVE_TRAIL_NAME,
} from '../functions/service/live-events.js';

// The intake recognises the rule and trail by these names when a student switches them off.
export { LIVE_RULE_LOGICAL_ID, LIVE_TRAIL_NAME };
export const LIVE_ROLE_LOGICAL_ID = 'LiveEventsRole';
export const LIVE_TRAIL_LOGICAL_ID = 'LiveEventsTrail';
export const LIVE_TRAIL_BUCKET_LOGICAL_ID = 'LiveEventsTrailBucket';
export const LIVE_TRAIL_BUCKET_POLICY_LOGICAL_ID = 'LiveEventsTrailBucketPolicy';

/** Conditions of the template (names used by the access part too). */
export const LIVE_CONDITION = 'LiveGradingOn';
export const TRAIL_CONDITION = 'CreateLiveTrail';
export const GRADER_ROLE_CONDITION = 'CreateGraderRole';

/**
 * The trail bucket's name: account and region make it globally unique, and `-trail-` makes the
 * S3 lab take it for a log bucket (checks/facts/s3.ts), never for the student's lab bucket.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
const TRAIL_BUCKET_NAME = 'labgrader-trail-${AWS::AccountId}-${AWS::Region}';

/** An event bus ARN, or empty (live grading off). */
const EVENT_BUS_ARN_PATTERN = '^(|arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._\\-/]{1,256})$';

const TRUE_FALSE = { Type: 'String', AllowedValues: ['true', 'false'] } as const;

/** The rule's event pattern: writes of the services the labs read that succeeded. */
export function liveEventPattern() {
  const eventSources = forwardedEventSources();
  return {
    source: eventSources.map(envelopeSourceOf),
    'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
    detail: {
      eventSource: eventSources,
      readOnly: [false],
      // A refused or failed call changed nothing the labs grade.
      errorCode: [{ exists: false }],
    },
  };
}

export const liveParameters = {
  LiveGrading: {
    ...TRUE_FALSE,
    Default: 'true',
    Description:
      'Send the grader a signal when you change something the labs grade (your write API calls, never their content beyond what CloudTrail records), so your result updates within about a minute. false: graded on the schedule only.',
  },
  GraderEventBusArn: {
    Type: 'String',
    Default: '',
    Description: "The grader's event bus ARN (from your instructor; the grader stack's LiveEventBusArn output).",
    AllowedPattern: EVENT_BUS_ARN_PATTERN,
    ConstraintDescription:
      'an EventBridge event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>), or empty',
  },
  CreateTrail: {
    ...TRUE_FALSE,
    Default: 'true',
    Description:
      'Create a single-region CloudTrail trail (write events only, logs kept 1 day): EventBridge only receives API calls while a trail logs them. false if this region already has a trail logging management events (a multi-region one counts).',
  },
  GraderRole: {
    ...TRUE_FALSE,
    Default: 'true',
    Description:
      "Create the grader's read-only role. false only for the second, events-only stack in us-east-1 (IAM's events are emitted there).",
  },
} as const;

export const liveParameterLabels = {
  LiveGrading: { default: 'Live grading' },
  GraderEventBusArn: { default: "The grader's event bus ARN" },
  CreateTrail: { default: 'Create a CloudTrail trail for live grading' },
  GraderRole: { default: "Create the grader's read-only role" },
} as const;

export const liveConditions = {
  [LIVE_CONDITION]: { 'Fn::Equals': [{ Ref: 'LiveGrading' }, 'true'] },
  [TRAIL_CONDITION]: {
    'Fn::And': [{ Condition: LIVE_CONDITION }, { 'Fn::Equals': [{ Ref: 'CreateTrail' }, 'true'] }],
  },
  [GRADER_ROLE_CONDITION]: { 'Fn::Equals': [{ Ref: 'GraderRole' }, 'true'] },
} as const;

/** CloudFormation checks these before creating anything: a clear error instead of a broken stack. */
export const liveRules = {
  LiveGradingNeedsTheGraderBus: {
    RuleCondition: { 'Fn::Equals': [{ Ref: 'LiveGrading' }, 'true'] },
    Assertions: [
      {
        Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'GraderEventBusArn' }, ''] }] },
        AssertDescription:
          "Live grading needs the grader's event bus ARN (GraderEventBusArn, from your instructor); or set LiveGrading to false.",
      },
    ],
  },
  SomethingToCreate: {
    Assertions: [
      {
        Assert: {
          'Fn::Or': [
            { 'Fn::Equals': [{ Ref: 'GraderRole' }, 'true'] },
            { 'Fn::Equals': [{ Ref: 'LiveGrading' }, 'true'] },
          ],
        },
        AssertDescription: 'GraderRole and LiveGrading are both false: this stack would create nothing.',
      },
    ],
  },
} as const;

export const liveResources = {
  [LIVE_ROLE_LOGICAL_ID]: {
    Type: 'AWS::IAM::Role',
    Condition: LIVE_CONDITION,
    Properties: {
      Description: "labgrader live grading: lets this account's EventBridge rule put events on the grader's bus",
      // Not under /labgrader/: the grader may assume roles there, and this one is EventBridge's.
      Path: '/labgrader-events/',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EventBridgeOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'labgrader-put-events-on-the-grader-bus',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'GraderBusOnly',
                Effect: 'Allow',
                Action: 'events:PutEvents',
                Resource: { Ref: 'GraderEventBusArn' },
              },
            ],
          },
        },
      ],
      Tags: [{ Key: 'labgrader:purpose', Value: 'live-grading' }],
    },
  },
  [LIVE_RULE_LOGICAL_ID]: {
    Type: 'AWS::Events::Rule',
    Condition: LIVE_CONDITION,
    Properties: {
      Description: "labgrader live grading: your write API calls on the services the labs read, to the grader's bus",
      EventBusName: 'default',
      // ENABLED, not ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: read-only calls stay out.
      State: 'ENABLED',
      EventPattern: liveEventPattern(),
      Targets: [
        {
          Id: 'grader-event-bus',
          Arn: { Ref: 'GraderEventBusArn' },
          RoleArn: { 'Fn::GetAtt': [LIVE_ROLE_LOGICAL_ID, 'Arn'] },
        },
      ],
    },
  },
  [LIVE_TRAIL_BUCKET_LOGICAL_ID]: {
    Type: 'AWS::S3::Bucket',
    Condition: TRAIL_CONDITION,
    // Kept when the stack goes (a non-empty bucket would fail the delete); it empties itself
    // within two days by the lifecycle rule, and costs nothing empty.
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      BucketName: { 'Fn::Sub': TRAIL_BUCKET_NAME },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      // The grader never reads these logs: the trail exists only so EventBridge gets the events.
      LifecycleConfiguration: {
        Rules: [{ Id: 'expire-trail-logs', Status: 'Enabled', ExpirationInDays: 1 }],
      },
      Tags: [{ Key: 'labgrader:purpose', Value: 'live-grading' }],
    },
  },
  [LIVE_TRAIL_BUCKET_POLICY_LOGICAL_ID]: {
    Type: 'AWS::S3::BucketPolicy',
    Condition: TRAIL_CONDITION,
    Properties: {
      Bucket: { Ref: LIVE_TRAIL_BUCKET_LOGICAL_ID },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CloudTrailAclCheck',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:GetBucketAcl',
            Resource: { 'Fn::GetAtt': [LIVE_TRAIL_BUCKET_LOGICAL_ID, 'Arn'] },
            Condition: { StringEquals: { 'aws:SourceArn': trailArn() } },
          },
          {
            Sid: 'CloudTrailWrite',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
            Resource: { 'Fn::Sub': '${LiveEventsTrailBucket.Arn}/AWSLogs/${AWS::AccountId}/*' },
            Condition: {
              StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn() },
            },
          },
          {
            Sid: 'TlsOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [
              { 'Fn::GetAtt': [LIVE_TRAIL_BUCKET_LOGICAL_ID, 'Arn'] },
              // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
              { 'Fn::Sub': '${LiveEventsTrailBucket.Arn}/*' },
            ],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    },
  },
  [LIVE_TRAIL_LOGICAL_ID]: {
    Type: 'AWS::CloudTrail::Trail',
    Condition: TRAIL_CONDITION,
    DependsOn: [LIVE_TRAIL_BUCKET_POLICY_LOGICAL_ID],
    Properties: {
      TrailName: LIVE_TRAIL_NAME,
      S3BucketName: { Ref: LIVE_TRAIL_BUCKET_LOGICAL_ID },
      IsLogging: true,
      // Single-region: the first copy of management events in each region is free, so this trail
      // costs nothing unless the region already has another (then set CreateTrail=false). Not
      // multi-region also keeps it from passing the monitoring lab's mon.cloudtrail for the student.
      IsMultiRegionTrail: false,
      // In us-east-1 this is what brings IAM's events; elsewhere it changes nothing.
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: false,
      EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
      Tags: [{ Key: 'labgrader:purpose', Value: 'live-grading' }],
    },
  },
} as const;

export const liveOutputs = {
  LiveEventsRuleArn: {
    Condition: LIVE_CONDITION,
    Description: 'The rule forwarding your changes to the grader (delete the stack or set LiveGrading=false to stop)',
    Value: { 'Fn::GetAtt': [LIVE_RULE_LOGICAL_ID, 'Arn'] },
  },
} as const;

function trailArn() {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
  return { 'Fn::Sub': 'arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/labgrader-live-events' };
}
