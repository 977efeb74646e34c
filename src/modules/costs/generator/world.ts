import { Decimal } from 'decimal.js';
import {
  MARKETPLACE_PRODUCTS,
  REGIONS,
  TAG_ENVIRONMENTS,
  TAG_PROJECTS,
  TEMPLATES,
  TOKYO,
  templateByKey,
  type Region,
  type Template,
} from './catalog.ts';
import { createRng, hash32, uuidFrom, type Rng } from './prng.ts';

/**
 * The payer's organization as the generator sees it: accounts (with the dates they were in the
 * organization), which customer each belongs to, the commitments (RIs, Savings Plans) and the usage
 * streams (one resource's usage of one usage type, emitted hourly or daily every month).
 */

export type GeneratorAccount = {
  accountId: string;
  name?: string;
  /** Customer label (company code): commitments are shared across customers on purpose. */
  customer?: string;
  /** YYYY-MM-DD, inclusive: first day of usage (joined the organization). */
  from?: string;
  /** YYYY-MM-DD, exclusive: no usage from this day on (left the organization). */
  to?: string;
  /** Default: Business for each customer's first account, Basic for the others. */
  support?: 'Basic' | 'Developer' | 'Business';
};

export type Account = {
  accountId: string;
  name: string;
  customer: string;
  fromMs: number;
  toMs: number;
  support: 'Basic' | 'Developer' | 'Business';
};

export type Commitment = {
  kind: 'ri' | 'sp';
  arn: string;
  ownerAccountId: string;
  ownerCustomer: string;
  /** RI: on-demand template it covers; SP: covered usage's template. */
  template: Template;
  /** RI: amortized upfront + recurring per hour; SP: the Savings Plans rate per hour. */
  upfrontHourly: string;
  recurringHourly: string;
  /** SP: commitment per hour. */
  commitmentHourly: string;
  subscriptionId: string;
  startTime: string;
  endTime: string;
  count: number;
};

export type Stream = {
  index: number;
  account: Account;
  template: Template;
  region: Region | null;
  availabilityZone: string;
  resourceId: string;
  billingEntity: 'AWS' | 'AWS Marketplace';
  /** Effective granularity: hourly templates are written daily in a small report. */
  granularity: 'hour' | 'day';
  sizeGb: number;
  project: string;
  environment: string;
  costCenter: string;
  commitment: Commitment | null;
  /** Restated assemblies change this stream's amounts slightly. */
  restated: boolean;
};

export type World = {
  seed: number;
  payerAccountId: string;
  accounts: Account[];
  customers: string[];
  commitments: Commitment[];
  streams: Stream[];
  creditAccounts: Account[];
  hourly: boolean;
};

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function dateMs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw new Error(`Invalid date ${date} (expected YYYY-MM-DD)`);
  return ms;
}

/** Default synthetic accounts: 12 digits (the first one with a leading zero, as real ids can have). */
export function syntheticAccounts(count: number, seed: number, firstMonthMs: number, lastMonthMs: number): GeneratorAccount[] {
  const rng = createRng(hash32(seed, 'accounts'));
  const sizes = [3, 2, 1, 4];
  const seen = new Set<string>();
  const out: GeneratorAccount[] = [];
  let customer = 0;
  let left = sizes[0] as number;
  for (let i = 0; i < count; i++) {
    let id: string;
    do {
      id =
        i === 0 ? `0${String(rng.int(10_000_000, 99_999_999_999)).padStart(11, '0')}` : String(rng.int(100_000_000_000, 999_999_999_999));
    } while (seen.has(id));
    seen.add(id);
    if (left === 0) {
      customer++;
      left = sizes[customer % sizes.length] as number;
    }
    left--;
    const account: GeneratorAccount = {
      accountId: id,
      name: `account-${String(i + 1).padStart(4, '0')}`,
      customer: `C${String(customer + 1).padStart(3, '0')}`,
    };
    // One account joins mid-month in the first month, one leaves mid-month in the last.
    if (count >= 3 && i === count - 1) account.from = isoDate(firstMonthMs + 10 * DAY_MS);
    if (count >= 4 && i === count - 2) account.to = isoDate(lastMonthMs + 19 * DAY_MS);
    out.push(account);
  }
  return out;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The same account listed twice (it moved between customers) is one account in the organization. */
function mergeAccounts(input: GeneratorAccount[]): Account[] {
  const byId = new Map<string, Account>();
  const firstOfCustomer = new Set<string>();
  for (const a of input) {
    if (!/^\d{12}$/.test(a.accountId)) throw new Error(`Invalid AWS account id ${a.accountId} (12 digits)`);
    const fromMs = a.from ? dateMs(a.from) : Number.NEGATIVE_INFINITY;
    const toMs = a.to ? dateMs(a.to) : Number.POSITIVE_INFINITY;
    const existing = byId.get(a.accountId);
    if (existing) {
      existing.fromMs = Math.min(existing.fromMs, fromMs);
      existing.toMs = Math.max(existing.toMs, toMs);
      continue;
    }
    const customer = a.customer ?? a.accountId;
    const support = a.support ?? (firstOfCustomer.has(customer) ? 'Basic' : 'Business');
    firstOfCustomer.add(customer);
    byId.set(a.accountId, { accountId: a.accountId, name: a.name ?? a.accountId, customer, fromMs, toMs, support });
  }
  return [...byId.values()];
}

/** Hours an account is in the organization within [startMs, endMs). */
export function activeHours(account: Account, startMs: number, endMs: number): number {
  const a = Math.max(account.fromMs, startMs);
  const b = Math.min(account.toMs, endMs);
  return b > a ? (b - a) / HOUR_MS : 0;
}

function resourceId(rng: Rng, template: Template, account: Account, region: Region | null): string {
  const regionCode = region?.code ?? 'global';
  switch (template.resource) {
    case 'instance':
      return `i-0${rng.hex(16)}`;
    case 'volume':
      return `vol-0${rng.hex(16)}`;
    case 'natgateway':
      return `nat-0${rng.hex(16)}`;
    case 'bucket':
      return `${account.name.replace(/[^a-z0-9-]/g, '-')}-${rng.pick(['assets', 'logs', 'backup', 'data'])}-${rng.hex(6)}`;
    case 'function':
      return `arn:aws:lambda:${regionCode}:${account.accountId}:function:${rng.pick(['api', 'worker', 'etl', 'notify'])}-${rng.hex(6)}`;
    case 'db':
      return `arn:aws:rds:${regionCode}:${account.accountId}:db:${rng.pick(['app', 'orders', 'analytics'])}-db-${rng.hex(4)}`;
    case 'distribution':
      return `arn:aws:cloudfront::${account.accountId}:distribution/E${rng.hex(13).toUpperCase()}`;
    case 'table':
      return `arn:aws:dynamodb:${regionCode}:${account.accountId}:table/${rng.pick(['sessions', 'events', 'carts'])}`;
    case 'loadbalancer':
      return `arn:aws:elasticloadbalancing:${regionCode}:${account.accountId}:loadbalancer/app/${rng.pick(['web', 'api'])}-alb/${rng.hex(16)}`;
    default:
      return '';
  }
}

type StreamSeed = {
  account: Account;
  template: Template;
  region: Region | null;
  commitment?: Commitment;
  entity?: 'AWS' | 'AWS Marketplace';
};

/** Lines a stream writes in a month (its account's active hours, hourly or daily). */
function expectedLines(s: StreamSeed, granularity: 'hour' | 'day', startMs: number, endMs: number): number {
  const hours = activeHours(s.account, startMs, endMs);
  const lines = granularity === 'hour' ? hours : Math.ceil(hours / 24);
  return s.commitment?.kind === 'sp' ? lines * 2 : lines;
}

export type WorldOptions = {
  seed: number;
  payerAccountId: string;
  accounts: GeneratorAccount[];
  rowsPerMonth: number;
  /** First generated month, used to size the streams. */
  firstMonthStartMs: number;
  firstMonthEndMs: number;
};

export function buildWorld(options: WorldOptions): World {
  const { seed, firstMonthStartMs: m0, firstMonthEndMs: m1 } = options;
  const rng = createRng(hash32(seed, 'world'));
  const accounts = mergeAccounts(options.accounts);
  if (accounts.length === 0) throw new Error('At least one account is needed');
  const customers = [...new Set(accounts.map((a) => a.customer))];
  const accountsOf = (c: string) => accounts.filter((a) => a.customer === c);
  // Owners are accounts present for the whole first month where possible (their fees are monthly).
  const steady = (list: Account[]) => list.find((a) => activeHours(a, m0, m1) === (m1 - m0) / HOUR_MS) ?? (list[0] as Account);

  // Each of the first customers owns an RI and a Savings Plan; each covers one stream of the owner's
  // customer and one of the next customer's: a commitment discounting another customer's usage is
  // exactly what the billing rules must undo.
  const commitments: Commitment[] = [];
  const covered: StreamSeed[] = [];
  const owners = customers.slice(0, Math.min(customers.length, 3));
  owners.forEach((customer, c) => {
    const own = accountsOf(customer);
    const owner = steady(own);
    const other = accountsOf(customers[(c + 1) % customers.length] as string);
    const ownSibling = own.find((a) => a !== owner) ?? owner;
    const otherFirst = other[0] as Account;
    const otherSecond = other[1] ?? otherFirst;
    const riTemplate = templateByKey('ec2-m5.large');
    const spTemplate = templateByKey('ec2-c5.xlarge');
    const ri: Commitment = {
      kind: 'ri',
      arn: `arn:aws:ec2:ap-northeast-1:${owner.accountId}:reserved-instances/${uuidFrom(seed, 'ri', c)}`,
      ownerAccountId: owner.accountId,
      ownerCustomer: customer,
      template: riTemplate,
      upfrontHourly: '0.033',
      recurringHourly: '0.038',
      commitmentHourly: '0',
      subscriptionId: String(1_000_000_000 + (hash32(seed, 'ri-sub', c) % 8_999_999_999)),
      startTime: '2026-01-01T00:00:00.000Z',
      endTime: '2027-01-01T00:00:00.000Z',
      count: 2,
    };
    const sp: Commitment = {
      kind: 'sp',
      arn: `arn:aws:savingsplans::${owner.accountId}:savingsplan/${uuidFrom(seed, 'sp', c)}`,
      ownerAccountId: owner.accountId,
      ownerCustomer: customer,
      template: spTemplate,
      upfrontHourly: '0',
      recurringHourly: '0.146',
      commitmentHourly: '0.35',
      subscriptionId: '',
      startTime: '2025-12-01T00:00:00.000Z',
      endTime: '2028-12-01T00:00:00.000Z',
      count: 1,
    };
    commitments.push(ri, sp);
    covered.push({ account: ownSibling, template: riTemplate, region: TOKYO, commitment: ri });
    covered.push({ account: otherFirst, template: riTemplate, region: TOKYO, commitment: ri });
    covered.push({ account: owner, template: spTemplate, region: TOKYO, commitment: sp });
    covered.push({ account: otherSecond, template: spTemplate, region: TOKYO, commitment: sp });
  });

  const lambda = templateByKey('lambda-requests');
  const mandatory: StreamSeed[] = [
    ...covered,
    // Free tier: AWS prices the first million requests at 0; the reseller bills them at list.
    ...accounts.slice(0, 2).map((a) => ({ account: a, template: lambda, region: TOKYO })),
    { account: accounts[0] as Account, template: templateByKey('ec2-dto'), region: TOKYO },
    {
      account: accounts[Math.min(1, accounts.length - 1)] as Account,
      template: MARKETPLACE_PRODUCTS[0] as Template,
      region: TOKYO,
      entity: 'AWS Marketplace',
    },
    {
      account: accounts[Math.min(2, accounts.length - 1)] as Account,
      template: MARKETPLACE_PRODUCTS[1] as Template,
      region: null,
      entity: 'AWS Marketplace',
    },
  ];
  const payerIsMember = accounts.some((a) => a.accountId === options.payerAccountId);
  const payer: Account = {
    accountId: options.payerAccountId,
    name: 'payer',
    customer: '',
    fromMs: Number.NEGATIVE_INFINITY,
    toMs: Number.POSITIVE_INFINITY,
    support: 'Basic',
  };
  // The payer's own small usage (the bucket its reports land in): no customer's.
  if (!payerIsMember) mandatory.push({ account: payer, template: templateByKey('s3-storage'), region: TOKYO });

  // Small reports are daily throughout; large ones hourly, as AWS writes an hourly CUR.
  const mandatoryHourly = mandatory.reduce((n, s) => n + expectedLines(s, s.template.granularity, m0, m1), 0);
  const hourly = options.rowsPerMonth >= Math.max(20_000, mandatoryHourly * 2);
  const granularityOf = (t: Template) => (hourly ? t.granularity : 'day');

  // Monthly lines besides usage: discounts and taxes per account and service, fees, credits.
  const active = accounts.filter((a) => activeHours(a, m0, m1) > 0).length;
  let budget = options.rowsPerMonth - active * 14 - commitments.length * 31 - 20;
  const seeds: StreamSeed[] = [];
  for (const s of mandatory) {
    seeds.push(s);
    budget -= expectedLines(s, granularityOf(s.template), m0, m1);
  }
  const weights = TEMPLATES.map((t) => ({ value: t, weight: t.weight }));
  const regionWeights = REGIONS.map((r) => ({ value: r, weight: r.weight }));
  const activeAccounts = accounts.filter((a) => activeHours(a, m0, m1) > 0);
  for (let i = 0, misses = 0; budget > 0 && activeAccounts.length > 0 && misses < 50; i++) {
    const account = activeAccounts[i % activeAccounts.length] as Account;
    const template = rng.weighted(weights);
    const region = !template.regional
      ? null
      : template.regions
        ? (REGIONS.find((r) => r.code === template.regions?.[0]) as Region)
        : rng.weighted(regionWeights);
    const lines = expectedLines({ account, template, region }, granularityOf(template), m0, m1);
    if (lines > budget * 1.5 && seeds.length > mandatory.length) {
      misses++;
      continue;
    }
    seeds.push({ account, template, region });
    budget -= lines;
  }

  const streams = seeds.map((s, index): Stream => {
    const r = createRng(hash32(seed, 'stream', index));
    const az =
      s.template.resource === 'instance' || s.template.resource === 'volume' ? `${s.region?.code ?? ''}${r.pick(['a', 'c', 'd'])}` : '';
    const spec = s.template.quantity;
    const tagged = r.chance(0.8);
    return {
      index,
      account: s.account,
      template: s.template,
      region: s.region,
      availabilityZone: s.region ? az : '',
      resourceId: resourceId(r, s.template, s.account, s.region),
      billingEntity: s.entity ?? 'AWS',
      granularity: granularityOf(s.template),
      sizeGb: spec.kind === 'size' ? r.int(spec.minGb, spec.maxGb) : 0,
      project: tagged ? r.pick(TAG_PROJECTS) : '',
      environment: tagged ? r.pick(TAG_ENVIRONMENTS) : '',
      costCenter: tagged && r.chance(0.5) ? `CC-${r.int(1000, 1099)}` : '',
      commitment: s.commitment ?? null,
      restated: spec.kind === 'range' && hash32(seed, 'restate', index) % 4 === 0,
    };
  });

  const creditAccounts = [accounts[1], accounts[4]].filter((a): a is Account => a !== undefined);
  return { seed, payerAccountId: options.payerAccountId, accounts, customers, commitments, streams, creditAccounts, hourly };
}

/** Rate in a region: Tokyo's times the regional factor, to 10 decimals. */
export function regionalRate(template: Template, region: Region | null): Decimal {
  const base = new Decimal(template.rate);
  return region ? base.times(region.factor).toDecimalPlaces(10, Decimal.ROUND_HALF_UP) : base;
}
