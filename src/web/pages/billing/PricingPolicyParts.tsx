import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Details, QueryView, Section } from '../../components/ui.tsx';
import { formatBillingPeriod, formatDecimal } from '../../format.ts';
import { currentBillingMonth, usePolicyInForce, type CustomLine, type PolicyVersion, type PricingPolicy } from './pricingApi.ts';

/** A percent as people read a markup: +5%, -2.5%, ±0%. */
export function signedPercent(percent: string): string {
  if (/^-?0+(\.0+)?$/.test(percent)) return '±0%';
  return `${percent.startsWith('-') ? '' : '+'}${percent}%`;
}

export function useMonthLabel() {
  const { i18n } = useTranslation();
  return (month: string) => formatBillingPeriod(month, i18n.language);
}

/** 第2版（2026年4月から適用） / Version 2 (from April 2026). */
export function VersionLabel({ version }: { version: Pick<PolicyVersion, 'version' | 'effectiveFrom'> | null }) {
  const { t } = useTranslation();
  const month = useMonthLabel();
  return version ? (
    <>{t('pricing.versionLabel', { version: version.version, from: month(version.effectiveFrom) })}</>
  ) : (
    <>{t('pricing.defaultPolicy')}</>
  );
}

function CustomLineText({ line }: { line: CustomLine }) {
  const { t } = useTranslation();
  const month = useMonthLabel();
  const amount =
    line.kind === 'fixed'
      ? t('pricing.yen', { amount: formatDecimal(line.amountJpy as string) })
      : t('pricing.percentOfSubtotal', { percent: signedPercent(line.percent as string) });
  const when =
    line.recurrence === 'one-off'
      ? t('pricing.oneOffIn', { month: month(line.fromMonth) })
      : line.toMonth
        ? t('pricing.monthlyBetween', { from: month(line.fromMonth), to: month(line.toMonth) })
        : t('pricing.monthlyFrom', { from: month(line.fromMonth) });
  return (
    <>
      <strong>{line.description}</strong> {amount}（{when}）
    </>
  );
}

/** Every setting of a policy, read-only. */
export function PolicyDetails({ policy }: { policy: PricingPolicy }) {
  const { t } = useTranslation();
  const byEntity = Object.entries(policy.markup.byBillingEntity);
  const byService = Object.entries(policy.markup.byService);
  const none = <span className="muted">{t('pricing.none')}</span>;
  return (
    <Details
      items={[
        [
          t('pricing.fields.passedDiscounts'),
          policy.passedDiscounts.length ? (
            policy.passedDiscounts.map((d) => t(`pricing.discounts.${d}`)).join('、')
          ) : (
            <span className="muted">{t('pricing.noPassedDiscounts')}</span>
          ),
        ],
        [t('pricing.fields.markupGlobal'), signedPercent(policy.markup.global)],
        [
          t('pricing.fields.markupByEntity'),
          byEntity.length ? byEntity.map(([entity, p]) => `${entity} ${signedPercent(p)}`).join('、') : none,
        ],
        [
          t('pricing.fields.markupByService'),
          byService.length ? (
            <ul className="plain-list">
              {byService.map(([service, p]) => (
                <li key={service}>
                  <code>{service}</code> {signedPercent(p)}
                </li>
              ))}
            </ul>
          ) : (
            none
          ),
        ],
        [
          t('pricing.fields.customLines'),
          policy.customLines.length ? (
            <ul className="plain-list">
              {policy.customLines.map((line, i) => (
                <li key={i}>
                  <CustomLineText line={line} />
                </li>
              ))}
            </ul>
          ) : (
            none
          ),
        ],
        [
          t('pricing.fields.lineRounding'),
          policy.rounding.line ? t(`fx.rule.roundings.${policy.rounding.line}`) : t('pricing.fromFxSettings'),
        ],
        [t('pricing.fields.taxRounding'), t(`fx.rule.roundings.${policy.rounding.tax}`)],
      ]}
    />
  );
}

/** The 料金ポリシー card of the company page: what this month is billed with, and the way to the versions. */
export function CompanyPricingSection({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const month = useMonthLabel();
  const current = currentBillingMonth();
  const inForce = usePolicyInForce(companyId, current);
  return (
    <Section
      title={t('pricing.title')}
      actions={
        <Link className="button button-secondary button-small" to={`/companies/${companyId}/pricing`}>
          {t('pricing.open')}
        </Link>
      }
    >
      <QueryView query={inForce}>
        {(data) => (
          <>
            <p className="info-note pricing-in-force">
              {t('pricing.inForceFor', { month: month(data.month) })}{' '}
              {data.version ? (
                <Badge tone="info">
                  <VersionLabel version={data.version} />
                </Badge>
              ) : (
                <Badge>{t('pricing.defaultPolicy')}</Badge>
              )}
            </p>
            {!data.billingAgency && <div className="banner banner-warn">{t('pricing.noContract')}</div>}
            <PolicyDetails policy={data.policy} />
          </>
        )}
      </QueryView>
    </Section>
  );
}
