/**
 * The price table of the cleanup report: what a leftover costs while it exists, per region.
 *
 * Figures are AWS's published on-demand prices in US dollars (Linux instances, RDS for MySQL /
 * PostgreSQL, which cost the same for these classes), transcribed by hand from the public price
 * pages of Amazon VPC (NAT gateway, public IPv4 address), Amazon EC2, Amazon EBS, Amazon RDS and
 * Elastic Load Balancing. They are not fetched live: a course overrides any of them with the
 * lab's `prices` parameter. A price that is not in the table is *unknown*, and the report says
 * so instead of counting it as free. Usage-based charges (NAT and load balancer data
 * processing, LCUs, I/O, snapshots) are not included: the report says "before data processing".
 *
 * The Classic Load Balancer hour (`loadBalancerHour.classic`) was added later: AWS's published
 * US price ($0.025 per hour in N. Virginia, Ohio and Oregon), as of 2026-12-07; the Seoul figure
 * was not transcribed, so it is unknown there until a course sets it.
 */
import * as z from 'zod';
import { builtOnce } from '../../built-once.js';
import { regionName } from '../../params.js';

export const PRICE_SOURCE =
  'AWS public on-demand price pages (Amazon VPC, EC2, EBS, RDS for MySQL, Elastic Load Balancing), transcribed 2025-06; the Classic Load Balancer hour in US regions as of 2026-12-07; an estimate, not a bill';

/** At most `max` entries: a price table, or the regions a course overrides. */
const atMost = (max: number) => (record: object) => Object.keys(record).length <= max;

/** One region's prices, USD. Every field is optional: what a region lacks is unknown. Built on first use. */
export const regionPricesSchema = builtOnce(() => {
  const usd = z.number().finite().min(0).max(10_000);
  /** A price per type (EC2 has about a thousand instance types, RDS fewer classes). */
  const table = (key: z.ZodString) => z.record(key, usd).refine(atMost(2000), 'at most 2,000 types');
  const INSTANCE_TYPE = z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'expected an instance type such as t3.micro');
  const DB_CLASS = z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9-]+$/, 'expected a DB instance class such as db.t3.micro');
  return z.strictObject({
    /** A NAT gateway, per hour. */
    natGatewayHour: usd.optional(),
    /** A public IPv4 address (an Elastic IP, attached or not), per hour. */
    publicIpv4Hour: usd.optional(),
    /**
     * A load balancer by type (`application`, `network`, `gateway`, and `classic` for a Classic Load
     * Balancer), per hour, before LCUs (classic: before data processed).
     */
    loadBalancerHour: z.partialRecord(z.enum(['application', 'network', 'gateway', 'classic']), usd).optional(),
    /** An EC2 instance by type, Linux on-demand, per hour. */
    instanceHour: table(INSTANCE_TYPE).optional(),
    /** A Single-AZ DB instance by class, per hour; Multi-AZ costs twice that. */
    dbInstanceHour: table(DB_CLASS).optional(),
    /** EBS storage by volume type, per GB-month. */
    ebsGbMonth: table(z.string().regex(/^[a-z0-9]+$/, 'expected a volume type such as gp3')).optional(),
    /** RDS General Purpose storage, Single-AZ, per GB-month; Multi-AZ costs twice that. */
    dbStorageGbMonth: usd.optional(),
  });
});
export type RegionPrices = z.output<ReturnType<typeof regionPricesSchema>>;

/** A course's prices, region → that region's prices (the cleanup lab's `prices`). Built on first use. */
export const priceOverridesSchema = builtOnce(() =>
  z.record(regionName, regionPricesSchema()).refine(atMost(64), 'at most 64 regions'),
);
export type PriceOverrides = z.output<ReturnType<typeof priceOverridesSchema>>;

const US: RegionPrices = {
  natGatewayHour: 0.045,
  publicIpv4Hour: 0.005,
  loadBalancerHour: { application: 0.0225, network: 0.0225, gateway: 0.0125, classic: 0.025 },
  instanceHour: {
    't2.nano': 0.0058,
    't2.micro': 0.0116,
    't2.small': 0.023,
    't2.medium': 0.0464,
    't3.nano': 0.0052,
    't3.micro': 0.0104,
    't3.small': 0.0208,
    't3.medium': 0.0416,
    't3.large': 0.0832,
    't3a.micro': 0.0094,
    't3a.small': 0.0188,
    't4g.nano': 0.0042,
    't4g.micro': 0.0084,
    't4g.small': 0.0168,
    't4g.medium': 0.0336,
    'm5.large': 0.096,
    'm6i.large': 0.096,
    'm7i.large': 0.1008,
    'c5.large': 0.085,
  },
  dbInstanceHour: {
    'db.t3.micro': 0.017,
    'db.t3.small': 0.034,
    'db.t3.medium': 0.068,
    'db.t4g.micro': 0.016,
    'db.t4g.small': 0.032,
    'db.t4g.medium': 0.065,
    'db.m5.large': 0.171,
  },
  ebsGbMonth: { gp3: 0.08, gp2: 0.1, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 },
  dbStorageGbMonth: 0.115,
};

/** Seoul, the course's home region. */
const SEOUL: RegionPrices = {
  natGatewayHour: 0.059,
  publicIpv4Hour: 0.005,
  loadBalancerHour: { application: 0.0225, network: 0.0225, gateway: 0.0125 },
  instanceHour: {
    't2.nano': 0.0072,
    't2.micro': 0.0144,
    't2.small': 0.0288,
    't2.medium': 0.0576,
    't3.nano': 0.0065,
    't3.micro': 0.013,
    't3.small': 0.026,
    't3.medium': 0.052,
    't3.large': 0.104,
    't4g.micro': 0.0104,
    't4g.small': 0.0208,
    't4g.medium': 0.0416,
    'm5.large': 0.118,
  },
  dbInstanceHour: {
    'db.t3.micro': 0.026,
    'db.t3.small': 0.052,
    'db.t3.medium': 0.104,
    'db.t4g.micro': 0.025,
    'db.t4g.small': 0.051,
    'db.t4g.medium': 0.101,
  },
  ebsGbMonth: { gp3: 0.0912, gp2: 0.114, io1: 0.1278, io2: 0.1278, st1: 0.051, sc1: 0.029, standard: 0.08 },
  dbStorageGbMonth: 0.131,
};

/** The shipped table. Regions not listed have no known price. */
export const PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': US,
  'us-east-2': US,
  'us-west-2': US,
  'ap-northeast-2': SEOUL,
};

/** The table with a course's overrides merged over it, field by field and key by key. */
export function pricesFor(region: string, overrides: PriceOverrides | undefined): RegionPrices {
  const base = PRICES[region] ?? {};
  const over = overrides?.[region];
  if (!over) return base;
  return {
    ...base,
    ...over,
    loadBalancerHour: { ...base.loadBalancerHour, ...over.loadBalancerHour },
    instanceHour: { ...base.instanceHour, ...over.instanceHour },
    dbInstanceHour: { ...base.dbInstanceHour, ...over.dbInstanceHour },
    ebsGbMonth: { ...base.ebsGbMonth, ...over.ebsGbMonth },
  };
}
