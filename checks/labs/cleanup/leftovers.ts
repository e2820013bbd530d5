/**
 * What the cleanup checks share: a leftover (a resource that still costs money, where it is and
 * what it costs), the message that lists leftovers with their estimated cost, and the walk over
 * the report's regions that finds them (`leftoverCheck`, `leftoversAcross`).
 */
import type { Inventory } from '../../inventory.js';
import {
  fail,
  joinText,
  type LeftoverItem,
  type LeftoverKind,
  type Localized,
  type Outcome,
  pass,
  type TargetCheck,
  text,
} from '../../model.js';
import { type CleanupParams, type CleanupTarget, cleanupCheck } from './params.js';
import { pricesFor, type RegionPrices } from './prices.js';

export interface Leftover {
  id: string;
  /** Its Name tag or identifier, for people. */
  name?: string;
  kind: LeftoverKind;
  region: string;
  /** Ids of leftovers to delete before this one (see {@link LeftoverItem.deleteAfter}). */
  deleteAfter?: string[];
  /** What it is doing: "is still available", "is stopped", ... */
  state: Localized;
  /** Estimated USD per day; undefined when the price table does not know it. */
  perDay: number | undefined;
  /** What the estimate leaves out or adds ("before data processing"). */
  note?: Localized;
}

export const HOURS_PER_DAY = 24;
/** GB-month prices are per 30-day month in this report. */
export const DAYS_PER_MONTH = 30;

/** The price table of `region`, with the course's overrides. */
export function prices(region: string, params: CleanupParams): RegionPrices {
  return pricesFor(region, params.prices);
}

/** Sums parts of a cost; unknown when any part is unknown. */
export function sum(...parts: (number | undefined)[]): number | undefined {
  let total = 0;
  for (const p of parts) {
    if (p === undefined) return undefined;
    total += p;
  }
  return total;
}

export function perDayOfHourly(hourly: number | undefined, count = 1): number | undefined {
  return hourly === undefined ? undefined : hourly * HOURS_PER_DAY * count;
}

export function perDayOfGbMonth(gbMonth: number | undefined, gb: number | undefined): number | undefined {
  return gbMonth === undefined || gb === undefined ? undefined : (gbMonth * gb) / DAYS_PER_MONTH;
}

function money(n: number): string {
  return n >= 10 ? `$${Math.round(n)}` : `$${n.toFixed(2)}`;
}

function costText(perDay: number | undefined): Localized {
  if (perDay === undefined) return text('price unknown (not in the price table)', '가격 미상(가격표에 없음)');
  const day = `$${perDay.toFixed(2)}`;
  const month = money(perDay * DAYS_PER_MONTH);
  return text(`about ${day}/day (${month}/month) estimated`, `하루 약 ${day}(월 약 ${month})로 추정`);
}

function describe(item: Leftover): Localized {
  const who = item.name && item.name !== item.id ? `${item.id} (${item.name})` : item.id;
  const cost = costText(item.perDay);
  const note = item.note ? { en: ` ${item.note.en}`, ko: ` ${item.note.ko}` } : { en: '', ko: '' };
  return text(
    `${who} in ${item.region} ${item.state.en}: ${cost.en}${note.en}`,
    `${item.region}의 ${who}: ${item.state.ko}, ${cost.ko}${note.ko}`,
  );
}

/**
 * Judges what one check finds left across the report's regions: `inRegion` lists the leftovers
 * of one region, given that region's prices (with the course's overrides); they are reported
 * region by region, in the target's order (the graded region first).
 */
export function leftoversAcross(
  t: CleanupTarget,
  params: CleanupParams,
  clean: Localized,
  inRegion: (region: string, p: RegionPrices) => Leftover[],
): Outcome {
  return leftoverOutcome(
    t.regions.flatMap((region) => inRegion(region, prices(region, params))),
    clean,
    t.regions,
  );
}

/** A cleanup check that lists one kind of leftover, region by region. */
export interface LeftoverCheck extends Omit<TargetCheck<CleanupTarget, CleanupParams>, 'evaluate'> {
  /** What the pass says ("No NAT gateway is left"); the regions looked in are added. */
  clean: Localized;
  /** What is left in `region`, priced with `p` (that region's prices). */
  leftovers(region: string, p: RegionPrices, inventory: Inventory): Leftover[];
}

/** Types a cleanup check that judges only what {@link LeftoverCheck.leftovers} finds (see leftoversAcross). */
export function leftoverCheck({
  clean,
  leftovers,
  ...check
}: LeftoverCheck): TargetCheck<CleanupTarget, CleanupParams> {
  return cleanupCheck({
    ...check,
    evaluate: (t, params, inventory) =>
      leftoversAcross(t, params, clean, (region, p) => leftovers(region, p, inventory)),
  });
}

/**
 * Passes when nothing is left; otherwise fails naming every leftover with its estimated cost,
 * and carries the total (what is unpriced is named, never counted as free).
 */
export function leftoverOutcome(items: readonly Leftover[], clean: Localized, regions: readonly string[]): Outcome {
  if (items.length === 0) {
    const where = regions.join(', ');
    return pass(text(`${clean.en} (looked in ${where}).`, `${clean.ko} (확인한 리전: ${where}).`), []);
  }
  const priced = items.filter((i) => i.perDay !== undefined);
  const perDay = priced.reduce((s, i) => s + (i.perDay ?? 0), 0);
  const unpriced = items.filter((i) => i.perDay === undefined).map((i) => `${i.id} (${i.region})`);
  const total =
    items.length > 1
      ? text(
          `${items.length} left, ${costText(perDay).en}${unpriced.length ? ' for those with a known price' : ''}: `,
          `${items.length}개 남음, ${costText(perDay).ko}${unpriced.length ? '(가격을 아는 것만)' : ''}: `,
        )
      : text('', '');
  const list = joinText(items.map(describe));
  return fail(
    text(`${total.en}${list.en}.`, `${total.ko}${list.ko}.`),
    items.map((i) => i.id),
    { cost: { perDay, unpriced, leftovers: items.map(leftoverItem) } },
  );
}

/** A leftover as the result carries it (cents are the precision of an estimate). */
export function leftoverItem(item: Leftover): LeftoverItem {
  return {
    id: item.id,
    ...(item.name && item.name !== item.id ? { name: item.name } : {}),
    kind: item.kind,
    region: item.region,
    ...(item.perDay === undefined ? {} : { perDay: Math.round(item.perDay * 100) / 100 }),
    ...(item.deleteAfter?.length ? { deleteAfter: [...new Set(item.deleteAfter)] } : {}),
  };
}
