import { describe } from 'vitest';
import { vpcLab } from '../../checks/labs/vpc/index.js';
import { scenarios } from '../scenarios/vpc.js';
import { describeScenarios } from '../support/scenario.js';

describe('VPC lab marking sheet', () => {
  describeScenarios(vpcLab, scenarios);
});
