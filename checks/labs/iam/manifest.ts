/** The IAM lab's manifest: what it is and what it reads, without its checks (see `LabManifest`). */
import { defineManifest, text } from '../../model.js';
import { iamParamsSchema } from './params.js';

export const iamManifest = defineManifest({
  id: 'iam',
  title: text('IAM: root user, groups, password policy, roles', 'IAM: 루트 사용자, 그룹, 암호 정책, 역할'),
  module: '2',
  params: iamParamsSchema,
  sources: [
    'iam.accountSummary',
    'iam.users',
    'iam.groups',
    'iam.groupsForUser',
    'iam.userPolicies',
    'iam.groupPolicies',
    'iam.passwordPolicy',
    'iam.instanceProfiles',
    'iam.accessKeys',
    'ec2.instances',
  ],
});
