import { Decimal } from 'decimal.js';
import type { Template } from './catalog.ts';
import { COLUMN_COUNT, col } from './columns.ts';
import { createRng, hash32, lineItemId, uuidFrom } from './prng.ts';
import { DAY_MS, HOUR_MS, activeHours, regionalRate, type Account, type Commitment, type Stream, type World } from './world.ts';

/**
 * The lines of one billing period, in legacy CUR column order, produced lazily so a 5-million-line
 * month never sits in memory. Usage streams come first; the lines AWS derives from the month's usage
 * (commitment fees, purchases, credits, discounts, support, tax) follow.
 */

export type Month = { ym: string; startMs: number; endMs: number };
export type MonthRun = {
  world: World;
  month: Month;
  /** Final (invoiced) assembly: invoice ids filled, amounts of some streams slightly restated. */
  restated: boolean;
};

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;
const ZERO = new D(0);
const dp10 = (d: Dec) => d.toDecimalPlaces(10);

/** A decimal string as AWS writes it: no exponent, trailing zeros trimmed, at least one decimal. */
export function fmt(d: Dec | Decimal): string {
  if (d.isZero()) return '0.0';
  const s = d.toFixed();
  return s.includes('.') ? s : `${s}.0`;
}

function unitsToDecimal(n: number, dp: number): string {
  if (dp === 0) return `${n}.0`;
  const s = String(n).padStart(dp + 1, '0');
  const frac = s.slice(-dp).replace(/0+$/, '');
  return `${s.slice(0, -dp)}.${frac === '' ? '0' : frac}`;
}

const AWS_JAPAN = 'Amazon Web Services Japan G.K.';
const COL = {
  id: col('identity/LineItemId'),
  interval: col('identity/TimeInterval'),
  invoiceId: col('bill/InvoiceId'),
  invoicingEntity: col('bill/InvoicingEntity'),
  billingEntity: col('bill/BillingEntity'),
  billType: col('bill/BillType'),
  payer: col('bill/PayerAccountId'),
  periodStart: col('bill/BillingPeriodStartDate'),
  periodEnd: col('bill/BillingPeriodEndDate'),
  account: col('lineItem/UsageAccountId'),
  lineType: col('lineItem/LineItemType'),
  start: col('lineItem/UsageStartDate'),
  end: col('lineItem/UsageEndDate'),
  productCode: col('lineItem/ProductCode'),
  usageType: col('lineItem/UsageType'),
  operation: col('lineItem/Operation'),
  az: col('lineItem/AvailabilityZone'),
  resourceId: col('lineItem/ResourceId'),
  amount: col('lineItem/UsageAmount'),
  currency: col('lineItem/CurrencyCode'),
  rate: col('lineItem/UnblendedRate'),
  cost: col('lineItem/UnblendedCost'),
  blendedRate: col('lineItem/BlendedRate'),
  blendedCost: col('lineItem/BlendedCost'),
  description: col('lineItem/LineItemDescription'),
  taxType: col('lineItem/TaxType'),
  legalEntity: col('lineItem/LegalEntity'),
  productName: col('product/ProductName'),
  instanceType: col('product/instanceType'),
  location: col('product/location'),
  locationType: col('product/locationType'),
  productOperation: col('product/operation'),
  family: col('product/productFamily'),
  region: col('product/region'),
  regionCode: col('product/regionCode'),
  serviceCode: col('product/servicecode'),
  serviceName: col('product/servicename'),
  sku: col('product/sku'),
  productUsageType: col('product/usagetype'),
  rateCode: col('pricing/RateCode'),
  pricingCurrency: col('pricing/currency'),
  listCost: col('pricing/publicOnDemandCost'),
  listRate: col('pricing/publicOnDemandRate'),
  term: col('pricing/term'),
  unit: col('pricing/unit'),
  riAmortizedForUsage: col('reservation/AmortizedUpfrontCostForUsage'),
  riAmortizedForPeriod: col('reservation/AmortizedUpfrontFeeForBillingPeriod'),
  riEffective: col('reservation/EffectiveCost'),
  riEnd: col('reservation/EndTime'),
  riCount: col('reservation/NumberOfReservations'),
  riRecurringForUsage: col('reservation/RecurringFeeForUsage'),
  riArn: col('reservation/ReservationARN'),
  riStart: col('reservation/StartTime'),
  riSubscription: col('reservation/SubscriptionId'),
  riTotalUnits: col('reservation/TotalReservedUnits'),
  riUnusedAmortized: col('reservation/UnusedAmortizedUpfrontFeeForBillingPeriod'),
  riUnusedQuantity: col('reservation/UnusedQuantity'),
  riUnusedRecurring: col('reservation/UnusedRecurringFee'),
  riUpfrontValue: col('reservation/UpfrontValue'),
  spTotalCommitment: col('savingsPlan/TotalCommitmentToDate'),
  spArn: col('savingsPlan/SavingsPlanARN'),
  spRate: col('savingsPlan/SavingsPlanRate'),
  spUsed: col('savingsPlan/UsedCommitment'),
  spEffective: col('savingsPlan/SavingsPlanEffectiveCost'),
  spAmortizedUpfront: col('savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod'),
  spRecurring: col('savingsPlan/RecurringCommitmentForBillingPeriod'),
  spStart: col('savingsPlan/StartTime'),
  spEnd: col('savingsPlan/EndTime'),
  spOffering: col('savingsPlan/OfferingType'),
  spPayment: col('savingsPlan/PaymentOption'),
  spTerm: col('savingsPlan/PurchaseTerm'),
  tagProject: col('resourceTags/user:Project'),
  tagEnvironment: col('resourceTags/user:Environment'),
  tagCostCenter: col('resourceTags/user:CostCenter'),
  costCategory: col('costCategory/Customer'),
} as const;
export { COL as LINE_COLUMNS };

/** Invoice ids AWS assigns when it finalizes the month: one per billing entity. */
export function invoiceIdsFor(seed: number, ym: string) {
  return {
    aws: String(2_000_000_000 + (hash32(seed, 'invoice', ym) % 99_999_999)),
    marketplace: String(3_000_000_000 + (hash32(seed, 'invoice-mp', ym) % 99_999_999)),
  };
}

type ChargeKey = { account: Account; productCode: string; productName: string; entity: 'AWS' | 'AWS Marketplace' };

class MonthState {
  /** Positive on-demand Usage per account × product (the base of EDP/SPP/private-rate discounts). */
  readonly usage = new Map<string, ChargeKey & { sum: Dec }>();
  /** Everything charged per account × product: the base of the tax lines. */
  readonly net = new Map<string, ChargeKey & { sum: Dec }>();
  readonly riUsedHours = new Map<string, number>();
  readonly spUsedByDay = new Map<string, Dec[]>();

  add(map: Map<string, ChargeKey & { sum: Dec }>, key: ChargeKey, amount: Dec) {
    const k = `${key.account.accountId}|${key.productCode}|${key.entity}`;
    const entry = map.get(k);
    if (entry) entry.sum = entry.sum.plus(amount);
    else map.set(k, { ...key, sum: amount });
  }
}

export function* monthLines(run: MonthRun): Generator<string[]> {
  const { world, month, restated } = run;
  const seed = world.seed;
  const monthKey = Number(month.ym.replace('-', ''));
  const invoices = invoiceIdsFor(seed, month.ym);
  const times = new Map<number, string>();
  const ts = (ms: number) => {
    let s = times.get(ms);
    if (s === undefined) {
      s = `${new Date(ms).toISOString().slice(0, 19)}Z`;
      times.set(ms, s);
    }
    return s;
  };
  const periodStart = ts(month.startMs);
  const periodEnd = ts(month.endMs);
  const monthHours = (month.endMs - month.startMs) / HOUR_MS;
  const days = monthHours / 24;
  const state = new MonthState();
  const accountById = new Map(world.accounts.map((a) => [a.accountId, a]));

  const base = (
    account: Account,
    entity: 'AWS' | 'AWS Marketplace',
    lineType: string,
    billType: string,
    startMs: number,
    endMs: number,
  ): string[] => {
    const row = new Array<string>(COLUMN_COUNT).fill('');
    row[COL.interval] = `${ts(startMs)}/${ts(endMs)}`;
    row[COL.invoiceId] = restated ? (entity === 'AWS' ? invoices.aws : invoices.marketplace) : '';
    row[COL.invoicingEntity] = AWS_JAPAN;
    row[COL.billingEntity] = entity;
    row[COL.billType] = billType;
    row[COL.payer] = world.payerAccountId;
    row[COL.periodStart] = periodStart;
    row[COL.periodEnd] = periodEnd;
    row[COL.account] = account.accountId;
    row[COL.lineType] = lineType;
    row[COL.start] = ts(startMs);
    row[COL.end] = ts(endMs);
    row[COL.currency] = 'USD';
    row[COL.legalEntity] = AWS_JAPAN;
    row[COL.costCategory] = account.customer;
    return row;
  };

  // ---- usage streams
  for (const stream of world.streams) {
    yield* streamLines(stream);
  }

  function* streamLines(stream: Stream): Generator<string[]> {
    const { template: t, account, region, commitment } = stream;
    const from = Math.max(month.startMs, account.fromMs);
    const to = Math.min(month.endMs, account.toMs);
    if (to <= from) return;
    const rng = createRng(hash32(seed, month.ym, 'stream', stream.index));
    const odRate = regionalRate(t, region);
    const odRateText = fmt(odRate);
    const prefix = region?.prefix ?? '';
    const usageType = t.usageType.replace('{P}', prefix);
    const sku = skuOf(t, region?.code ?? 'global');
    const marketplace = stream.billingEntity === 'AWS Marketplace';
    const description = t.describe(odRateText.replace(/\.0$/, ''), region?.name ?? '');
    const location = region ? region.name : t.productCode === 'AmazonCloudFront' ? 'Japan' : 'Global';
    const spec = t.quantity;
    const step = stream.granularity === 'hour' ? HOUR_MS : DAY_MS;
    const minU = spec.kind === 'range' ? Math.round(spec.min * 10 ** spec.dp) : 0;
    const maxU = spec.kind === 'range' ? Math.round(spec.max * 10 ** spec.dp) : 0;
    let freeLeft = t.freeTier ? new D(t.freeTier) : ZERO;
    const sizeCache = new Map<number, string>();
    const costCache = new Map<string, Dec>();
    const spRate = commitment?.kind === 'sp' ? new D(commitment.recurringHourly) : ZERO;
    const riRate = commitment?.kind === 'ri' ? new D(commitment.upfrontHourly).plus(commitment.recurringHourly) : ZERO;
    const chargeKey: ChargeKey = { account, productCode: t.productCode, productName: t.productName, entity: stream.billingEntity };
    let usageSum = ZERO;
    let lineNo = 0;
    // What every line of the stream shares; each line copies it and fills in its own hour and amounts.
    const proto = base(account, stream.billingEntity, 'Usage', 'Anniversary', month.startMs, month.startMs);
    proto[COL.productCode] = t.productCode;
    proto[COL.usageType] = usageType;
    proto[COL.operation] = t.operation;
    proto[COL.az] = stream.availabilityZone;
    proto[COL.resourceId] = stream.resourceId;
    proto[COL.description] = description;
    proto[COL.productName] = t.productName;
    proto[COL.instanceType] = t.instanceType ?? '';
    proto[COL.location] = marketplace ? '' : location;
    proto[COL.locationType] = marketplace ? '' : region ? 'AWS Region' : 'AWS Edge Location';
    proto[COL.productOperation] = t.operation;
    proto[COL.family] = t.family;
    proto[COL.region] = region?.code ?? '';
    proto[COL.regionCode] = region?.code ?? '';
    proto[COL.serviceCode] = t.serviceCode;
    proto[COL.serviceName] = marketplace ? '' : t.productName;
    proto[COL.sku] = sku;
    proto[COL.productUsageType] = usageType;
    proto[COL.unit] = t.unit;
    proto[COL.tagProject] = stream.project;
    proto[COL.tagEnvironment] = stream.environment;
    proto[COL.tagCostCenter] = stream.costCenter;
    if (marketplace) {
      proto[COL.legalEntity] = stream.template.key === 'mp-ami' ? 'Trend Micro Inc.' : 'Datadog, Inc.';
      // Marketplace software has no AWS public price.
      proto[COL.listCost] = '0.0';
      proto[COL.listRate] = '0.0';
    } else {
      proto[COL.rateCode] = `${sku}.JRTCKXETXF.6YS6EN2CT7`;
      proto[COL.pricingCurrency] = 'USD';
      proto[COL.listRate] = odRateText;
    }

    for (let s = from; s < to; s += step) {
      const e = Math.min(s + step, to);
      const hours = (e - s) / HOUR_MS;
      // Daily usage of an hourly template is 24 hours' worth; daily templates are per day already.
      const factor = t.granularity === 'hour' ? hours : 1;
      let qty: string;
      if (spec.kind === 'const') qty = `${factor}.0`;
      else if (spec.kind === 'size') {
        let cached = sizeCache.get(hours);
        if (cached === undefined) {
          cached = fmt(dp10(new D(stream.sizeGb).times(hours).div(monthHours)));
          sizeCache.set(hours, cached);
        }
        qty = cached;
      } else {
        let n = minU * factor + Math.floor(rng.next() * ((maxU - minU) * factor + 1));
        if (restated && stream.restated) n += Math.floor(n / 100) + 1;
        qty = unitsToDecimal(n, spec.dp);
      }
      let cost = costCache.get(qty);
      if (cost === undefined) {
        cost = dp10(new D(qty).times(odRate));
        if (spec.kind !== 'range') costCache.set(qty, cost);
      }
      const row = proto.slice();
      row[COL.id] = lineItemId(seed, monthKey, stream.index, lineNo++);
      row[COL.interval] = `${ts(s)}/${ts(e)}`;
      row[COL.start] = ts(s);
      row[COL.end] = ts(e);
      row[COL.amount] = qty;
      const costText = fmt(cost);
      if (marketplace) {
        row[COL.rate] = row[COL.blendedRate] = odRateText;
        row[COL.cost] = row[COL.blendedCost] = costText;
        usageSum = usageSum.plus(cost);
        yield row;
        continue;
      }
      row[COL.listCost] = costText;
      if (commitment?.kind === 'ri') {
        // RI-covered: nothing charged on the line (the owner pays RIFee); the ARN names the owner.
        const hoursUsed = Number(qty);
        row[COL.lineType] = 'DiscountedUsage';
        row[COL.rate] = row[COL.blendedRate] = '0.0';
        row[COL.cost] = row[COL.blendedCost] = '0.0';
        row[COL.term] = 'Reserved';
        row[COL.riArn] = commitment.arn;
        row[COL.riEffective] = fmt(dp10(riRate.times(qty)));
        row[COL.riAmortizedForUsage] = fmt(dp10(new D(commitment.upfrontHourly).times(qty)));
        row[COL.riRecurringForUsage] = fmt(dp10(new D(commitment.recurringHourly).times(qty)));
        row[COL.description] = `USD 0.0 hourly fee per Linux/UNIX (Amazon VPC), ${t.instanceType} instance`;
        state.riUsedHours.set(commitment.arn, (state.riUsedHours.get(commitment.arn) ?? 0) + hoursUsed);
        yield row;
        continue;
      }
      if (commitment?.kind === 'sp') {
        // SP-covered: on-demand cost on the line, negated by a SavingsPlanNegation line.
        const effective = dp10(spRate.times(qty));
        const day = Math.floor((s - month.startMs) / DAY_MS);
        let used = state.spUsedByDay.get(commitment.arn);
        if (!used) {
          used = new Array<Dec>(Math.ceil(days)).fill(ZERO);
          state.spUsedByDay.set(commitment.arn, used);
        }
        used[day] = (used[day] as Dec).plus(effective);
        row[COL.lineType] = 'SavingsPlanCoveredUsage';
        row[COL.rate] = row[COL.blendedRate] = odRateText;
        row[COL.cost] = row[COL.blendedCost] = costText;
        row[COL.term] = 'OnDemand';
        row[COL.spArn] = commitment.arn;
        row[COL.spRate] = fmt(spRate);
        row[COL.spEffective] = fmt(effective);
        yield row;
        const negation = row.slice();
        negation[COL.id] = lineItemId(seed, monthKey, stream.index, lineNo++);
        negation[COL.lineType] = 'SavingsPlanNegation';
        negation[COL.rate] = negation[COL.blendedRate] = fmt(odRate.negated());
        negation[COL.cost] = negation[COL.blendedCost] = fmt(cost.negated());
        negation[COL.listCost] = '0.0';
        negation[COL.listRate] = '0.0';
        negation[COL.spEffective] = '0.0';
        negation[COL.description] = `SavingsPlanNegation used by AccountId : ${account.accountId} and UsageSku : ${sku}`;
        yield negation;
        continue;
      }
      row[COL.term] = 'OnDemand';
      if (t.freeTier && freeLeft.gte(qty)) {
        // Inside the free tier: AWS charges 0 and still shows the public price.
        freeLeft = freeLeft.minus(qty);
        row[COL.rate] = row[COL.blendedRate] = '0.0';
        row[COL.cost] = row[COL.blendedCost] = '0.0';
        row[COL.description] = `$0.00 per ${t.unit} - ${t.productName} monthly free tier (${t.freeTier} ${t.unit})`;
        yield row;
        continue;
      }
      if (t.freeTier) freeLeft = ZERO;
      row[COL.rate] = row[COL.blendedRate] = odRateText;
      row[COL.cost] = row[COL.blendedCost] = costText;
      usageSum = usageSum.plus(cost);
      yield row;
    }
    // Charged usage is both the discounts' base and the tax's (covered and free usage net to 0).
    state.add(state.usage, chargeKey, usageSum);
    state.add(state.net, chargeKey, usageSum);
  }

  // ---- month-level lines: coordinates beyond the streams' indexes keep their ids distinct
  let special = 0;
  const specialId = () => lineItemId(seed, monthKey, 0x7fff0000, special++);
  const inMonth = (a: Account) => activeHours(a, month.startMs, month.endMs) > 0;
  const charge = (
    row: string[],
    account: Account,
    productCode: string,
    productName: string,
    entity: 'AWS' | 'AWS Marketplace',
    amount: Dec,
  ) => {
    row[COL.productCode] = productCode;
    row[COL.productName] = productName;
    row[COL.cost] = row[COL.blendedCost] = fmt(amount);
    state.add(state.net, { account, productCode, productName, entity }, amount);
  };

  for (const c of world.commitments) {
    const owner = accountById.get(c.ownerAccountId) as Account;
    if (!inMonth(owner)) continue;
    if (c.kind === 'ri') yield riFee(c, owner);
    else yield* spFees(c, owner);
  }

  function riFee(c: Commitment, owner: Account): string[] {
    const hours = new D(c.count * monthHours);
    const unused = hours.minus(state.riUsedHours.get(c.arn) ?? 0);
    const row = base(owner, 'AWS', 'RIFee', 'Anniversary', month.startMs, month.endMs);
    row[COL.id] = specialId();
    charge(row, owner, 'AmazonEC2', 'Amazon Elastic Compute Cloud', 'AWS', dp10(hours.times(c.recurringHourly)));
    row[COL.usageType] = `APN1-HeavyUsage:${c.template.instanceType}`;
    row[COL.operation] = 'RunInstances';
    row[COL.amount] = fmt(hours);
    row[COL.rate] = row[COL.blendedRate] = fmt(new D(c.recurringHourly));
    row[COL.description] =
      `USD ${c.recurringHourly} hourly fee per Linux/UNIX (Amazon VPC), ${c.template.instanceType} reserved instance applied`;
    row[COL.region] = row[COL.regionCode] = 'ap-northeast-1';
    row[COL.location] = 'Asia Pacific (Tokyo)';
    row[COL.term] = 'Reserved';
    row[COL.riArn] = c.arn;
    row[COL.riCount] = String(c.count);
    row[COL.riTotalUnits] = fmt(hours);
    row[COL.riAmortizedForPeriod] = fmt(dp10(hours.times(c.upfrontHourly)));
    row[COL.riUnusedQuantity] = fmt(unused);
    row[COL.riUnusedRecurring] = fmt(dp10(unused.times(c.recurringHourly)));
    row[COL.riUnusedAmortized] = fmt(dp10(unused.times(c.upfrontHourly)));
    row[COL.riUpfrontValue] = fmt(dp10(new D(c.upfrontHourly).times(8760 * c.count)));
    row[COL.riStart] = c.startTime;
    row[COL.riEnd] = c.endTime;
    row[COL.riSubscription] = c.subscriptionId;
    return row;
  }

  function* spFees(c: Commitment, owner: Account): Generator<string[]> {
    const used = state.spUsedByDay.get(c.arn) ?? [];
    for (let day = 0; day < days; day++) {
      const s = month.startMs + day * DAY_MS;
      if (activeHours(owner, s, s + DAY_MS) === 0) continue;
      const total = dp10(new D(c.commitmentHourly).times(24));
      const usedToday = D.min(total, used[day] ?? ZERO);
      const row = base(owner, 'AWS', 'SavingsPlanRecurringFee', 'Anniversary', s, s + DAY_MS);
      row[COL.id] = specialId();
      charge(row, owner, 'ComputeSavingsPlans', 'Savings Plans for AWS Compute usage', 'AWS', total);
      row[COL.usageType] = 'ComputeSP:3yrNoUpfront';
      row[COL.amount] = '24.0';
      row[COL.rate] = row[COL.blendedRate] = fmt(new D(c.commitmentHourly));
      row[COL.description] = '3 year No Upfront Compute Savings Plan';
      row[COL.spArn] = c.arn;
      row[COL.spTotalCommitment] = fmt(total);
      row[COL.spUsed] = fmt(usedToday);
      row[COL.spRecurring] = fmt(total);
      row[COL.spAmortizedUpfront] = '0.0';
      row[COL.spStart] = c.startTime;
      row[COL.spEnd] = c.endTime;
      row[COL.spOffering] = 'ComputeSavingsPlans';
      row[COL.spPayment] = 'No Upfront';
      row[COL.spTerm] = '3yr';
      yield row;
    }
  }

  // An upfront purchase on a day inside the month (FX at the purchase date's rate); the first month's is
  // large enough (over ¥5,000,000) to need an advance notice.
  if (world.commitments.length > 0) {
    const rng = createRng(hash32(seed, month.ym, 'purchase'));
    const monthIndex = monthKey % 100;
    const c = world.commitments[(monthIndex * 2) % world.commitments.length] as Commitment;
    const owner = accountById.get(c.ownerAccountId) as Account;
    const at = month.startMs + rng.int(2, Math.floor(days) - 4) * DAY_MS + rng.int(0, 23) * HOUR_MS;
    if (activeHours(owner, at, at + HOUR_MS) > 0) {
      if (monthIndex % 2 === 0) {
        const hourly = rng.pick(['4.2', '1.5', '0.8']);
        const amount = new D(hourly).times(8760);
        const row = base(owner, 'AWS', 'SavingsPlanUpfrontFee', 'Purchase', at, at + HOUR_MS);
        row[COL.id] = specialId();
        charge(row, owner, 'ComputeSavingsPlans', 'Savings Plans for AWS Compute usage', 'AWS', amount);
        row[COL.usageType] = 'ComputeSP:1yrAllUpfront';
        row[COL.amount] = '1.0';
        row[COL.rate] = row[COL.blendedRate] = fmt(amount);
        row[COL.description] = '1 year All Upfront Compute Savings Plan';
        row[COL.spArn] = `arn:aws:savingsplans::${owner.accountId}:savingsplan/${uuidFrom(seed, 'sp-upfront', month.ym)}`;
        row[COL.spTotalCommitment] = fmt(amount);
        row[COL.spStart] = `${ts(at).slice(0, 19)}.000Z`;
        row[COL.spOffering] = 'ComputeSavingsPlans';
        row[COL.spPayment] = 'All Upfront';
        row[COL.spTerm] = '1yr';
        yield row;
      } else {
        const count = rng.int(1, 3);
        const unit = new D('4210');
        const amount = unit.times(count);
        const subscription = String(1_000_000_000 + (hash32(seed, 'rds-ri', month.ym) % 8_999_999_999));
        const row = base(owner, 'AWS', 'Fee', 'Purchase', at, at + HOUR_MS);
        row[COL.id] = specialId();
        charge(row, owner, 'AmazonRDS', 'Amazon Relational Database Service', 'AWS', amount);
        row[COL.usageType] = 'APN1-HeavyUsage:db.r5.large';
        row[COL.operation] = 'CreateDBInstance:0002';
        row[COL.amount] = fmt(new D(count));
        row[COL.rate] = row[COL.blendedRate] = fmt(unit);
        row[COL.description] = `Sign up charge for subscription: ${subscription}, planId: 2465380`;
        row[COL.region] = row[COL.regionCode] = 'ap-northeast-1';
        row[COL.location] = 'Asia Pacific (Tokyo)';
        row[COL.riArn] = `arn:aws:rds:ap-northeast-1:${owner.accountId}:ri:ri-${month.ym}-${subscription.slice(-6)}`;
        row[COL.riSubscription] = subscription;
        row[COL.riCount] = String(count);
        row[COL.riUpfrontValue] = fmt(amount);
        yield row;
      }
    }
  }

  const monthLine = (account: Account, entity: 'AWS' | 'AWS Marketplace', lineType: string, billType = 'Anniversary') => {
    const row = base(account, entity, lineType, billType, month.startMs, month.endMs);
    row[COL.id] = specialId();
    return row;
  };
  const usageEntries = [...state.usage.values()].filter((u) => u.sum.gt(0));

  // Credits: promotional credits of a couple of accounts, against their largest service.
  for (const [i, account] of world.creditAccounts.entries()) {
    if (!inMonth(account)) continue;
    const top = usageEntries.filter((u) => u.account === account && u.entity === 'AWS').sort((a, b) => b.sum.comparedTo(a.sum))[0];
    if (!top) continue;
    const amount = dp10(D.min(top.sum.times('0.5'), 75)).negated();
    const row = monthLine(account, 'AWS', 'Credit');
    charge(row, account, top.productCode, top.productName, 'AWS', amount);
    row[COL.description] = i === 0 ? 'AWS Activate Credits' : 'AWS Promotional Credit';
    yield row;
  }

  // Discounts AWS grants the payer (the reseller's margin): EDP on everything, a private rate on
  // CloudFront, the Solution Provider Program discount on EC2.
  for (const u of usageEntries) {
    if (u.entity !== 'AWS') continue;
    const discounts: [string, string, string][] = [['EdpDiscount', '0.03', 'Enterprise Program Discount']];
    if (u.productCode === 'AmazonCloudFront')
      discounts.push(['PrivateRateDiscount', '0.08', 'Private pricing discount for Amazon CloudFront']);
    if (u.productCode === 'AmazonEC2') discounts.push(['SppDiscount', '0.02', 'Solution Provider Program Discount']);
    for (const [lineType, rate, description] of discounts) {
      const amount = dp10(u.sum.times(rate)).negated();
      if (amount.isZero()) continue;
      const row = monthLine(u.account, 'AWS', lineType);
      charge(row, u.account, u.productCode, u.productName, 'AWS', amount);
      row[COL.description] = description;
      yield row;
    }
  }

  // A refund (SLA credit for the previous month) on the first account with EC2 usage.
  const refundBase = usageEntries.find((u) => u.productCode === 'AmazonEC2' && u.entity === 'AWS');
  if (refundBase) {
    const amount = D.min(refundBase.sum.times('0.02'), 25).toDecimalPlaces(2).negated();
    if (!amount.isZero()) {
      const row = monthLine(refundBase.account, 'AWS', 'Refund', 'Refund');
      charge(row, refundBase.account, 'AmazonEC2', 'Amazon Elastic Compute Cloud', 'AWS', amount);
      row[COL.description] = 'Refund: Amazon EC2 SLA service credit for the previous billing period';
      yield row;
    }
  }

  // Support plans: a monthly Fee per account, from the account's usage.
  for (const account of world.accounts) {
    if (account.support === 'Basic' || !inMonth(account)) continue;
    const usage = usageEntries.filter((u) => u.account === account && u.entity === 'AWS').reduce((s, u) => s.plus(u.sum), ZERO);
    const business = account.support === 'Business';
    const fee = business ? D.max(100, supportTiers(usage)) : D.max(29, usage.times('0.03'));
    const row = monthLine(account, 'AWS', 'Fee');
    const code = business ? 'AWSSupportBusiness' : 'AWSDeveloperSupport';
    charge(row, account, code, business ? 'AWS Support (Business)' : 'AWS Support (Developer)', 'AWS', fee.toDecimalPlaces(2));
    row[COL.usageType] = 'Dollar';
    row[COL.amount] = '1.0';
    row[COL.description] = business ? 'AWS Support (Business)' : 'AWS Support (Developer)';
    yield row;
  }

  // Japanese consumption tax (10%) per account × product on what was charged: always last.
  for (const n of [...state.net.values()]) {
    if (n.sum.lte(0)) continue;
    const row = monthLine(n.account, n.entity, 'Tax');
    row[COL.productCode] = n.productCode;
    row[COL.productName] = n.productName;
    row[COL.amount] = '1.0';
    row[COL.cost] = row[COL.blendedCost] = fmt(n.sum.times('0.1').toDecimalPlaces(2));
    row[COL.description] = `Tax for product code ${n.productCode}`;
    row[COL.taxType] = 'Japanese Consumption Tax';
    yield row;
  }
}

/** AWS Business support: 10% of the first $10K, 7% to $80K, 5% to $250K, 3% above. */
function supportTiers(usage: Dec): Dec {
  const tiers: [number, string][] = [
    [10_000, '0.10'],
    [80_000, '0.07'],
    [250_000, '0.05'],
    [Number.POSITIVE_INFINITY, '0.03'],
  ];
  let fee = ZERO;
  let lower = 0;
  for (const [upper, rate] of tiers) {
    if (usage.lte(lower)) break;
    fee = fee.plus(D.min(usage, upper).minus(lower).times(rate));
    lower = upper;
  }
  return fee;
}

const SKU_CHARS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function skuOf(t: Template, region: string): string {
  let h = hash32(t.key, region);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i % 6 === 0) h = hash32(h, i);
    out += SKU_CHARS[h % SKU_CHARS.length];
    h = Math.floor(h / SKU_CHARS.length);
  }
  return out;
}
