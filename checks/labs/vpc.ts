// In progress (lead): the VPC lab. Placeholder so the project compiles while it is written.
import { z } from 'zod';
import type { LabDefinition } from '../model.js';
import { text } from '../model.js';

export const vpcLab: LabDefinition = {
  id: 'vpc',
  title: text('VPC lab', 'VPC 실습'),
  module: '3',
  paramsSchema: z.object({}),
  sources: [],
  targetKind: text('VPC', 'VPC'),
  candidates: () => [],
  noTarget: () => text('No VPC', 'VPC 없음'),
  checks: [],
};
