import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AuditEntry, AuditPage } from '../../api/types.ts';
import { Empty, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatDateTime, formatDay } from '../../format.ts';
import { useCompanies } from '../companies/CompaniesPage.tsx';

const PAGE_SIZE = 25;
const ENTITY_TYPES = ['user', 'company', 'aws_account', 'account_assignment'] as const;

/** 監査ログ (admins): every change, by whom and when, newest first, a page at a time. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const companies = useCompanies();
  const [entityType, setEntityType] = useState('');
  const [companyId, setCompanyId] = useState('');
  // Keyset pages: the `before` cursor of each page visited, so "newer" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const before = cursors.at(-1);
  const page = useQuery({
    queryKey: ['audit-log', entityType, companyId, before ?? 'first'],
    queryFn: () => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (before) query.set('before', before);
      if (entityType) query.set('entityType', entityType);
      if (companyId) query.set('companyId', companyId);
      return api.get<AuditPage>(`/audit-log?${query.toString()}`);
    },
    placeholderData: keepPreviousData,
  });
  const resetTo = (apply: () => void) => {
    apply();
    setCursors([undefined]);
  };
  const companyName = (id: string) => companies.data?.find((c) => c.id === id)?.name ?? null;

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <div className="card">
        <div className="toolbar">
          <label className="inline-label">
            {t('audit.filterEntity')}
            <select value={entityType} onChange={(e) => resetTo(() => setEntityType(e.target.value))}>
              <option value="">{t('audit.all')}</option>
              {ENTITY_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`audit.entityTypes.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-label">
            {t('audit.filterCompany')}
            <select value={companyId} onChange={(e) => resetTo(() => setCompanyId(e.target.value))}>
              <option value="">{t('audit.all')}</option>
              {companies.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} — {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <QueryView query={page}>
          {(data) => (
            <>
              {data.entries.length === 0 ? (
                <Empty>{t('audit.empty')}</Empty>
              ) : (
                <table className="table audit-table">
                  <thead>
                    <tr>
                      <th>{t('audit.at')}</th>
                      <th>{t('audit.actor')}</th>
                      <th>{t('audit.action')}</th>
                      <th>{t('audit.target')}</th>
                      <th>{t('audit.changes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.entries.map((entry) => (
                      <tr key={entry.id}>
                        <td className="nowrap">
                          {formatDateTime(entry.at)}
                          {entry.ip && <div className="muted small">{entry.ip}</div>}
                        </td>
                        <td>{entry.actorLabel}</td>
                        <td>
                          <ActionLabel action={entry.action} />
                        </td>
                        <td>
                          <EntityLabel type={entry.entityType} />
                          <div className="muted small mono" title={entry.entityId}>
                            {entry.entityId.length > 13 ? `${entry.entityId.slice(0, 8)}…` : entry.entityId}
                          </div>
                          {entry.companyId && <div className="small">{companyName(entry.companyId) ?? entry.companyId}</div>}
                        </td>
                        <td>
                          <Changes entry={entry} companyName={companyName} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <div className="pager">
                <button type="button" className="button button-secondary button-small" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                  ← {t('audit.newer')}
                </button>
                <span className="muted small">{t('audit.page', { page: cursors.length })}</span>
                <button type="button" className="button button-secondary button-small" disabled={!data.nextBefore} onClick={() => data.nextBefore && setCursors([...cursors, data.nextBefore])}>
                  {t('audit.older')} →
                </button>
              </div>
            </>
          )}
        </QueryView>
      </div>
    </>
  );
}

function ActionLabel({ action }: { action: string }) {
  const { t, i18n } = useTranslation();
  const key = `audit.actions.${action.replaceAll('.', '_')}`;
  if (!i18n.exists(key)) return <code>{action}</code>;
  return (
    <>
      {t(key as 'audit.actions.user_create')}
      <div className="muted small mono">{action}</div>
    </>
  );
}

function EntityLabel({ type }: { type: string }) {
  const { t, i18n } = useTranslation();
  const key = `audit.entityTypes.${type}`;
  return <>{i18n.exists(key) ? t(key as 'audit.entityTypes.user') : type}</>;
}

type Row = { key: string; before: unknown; after: unknown };

/** before/after flattened to one row per field (nested objects such as exclusions as field / flag). */
function rowsOf(entry: AuditEntry): Row[] {
  const flat = (value: Record<string, unknown> | null) => {
    const out = new Map<string, unknown>();
    for (const [key, v] of Object.entries(value ?? {})) {
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [inner, w] of Object.entries(v)) out.set(`${key}.${inner}`, w);
      else out.set(key, v);
    }
    return out;
  };
  const before = flat(entry.before);
  const after = flat(entry.after);
  return [...new Set([...before.keys(), ...after.keys()])].map((key) => ({ key, before: before.get(key), after: after.get(key) }));
}

/**
 * before/after as a small table: for a change only the fields that changed, for a creation or a
 * deletion every field. Codes are shown in words (roles, flags, companies, dates as 2026/10/03).
 */
function Changes({ entry, companyName }: { entry: AuditEntry; companyName: (id: string) => string | null }) {
  const { t, i18n } = useTranslation();
  const hasBefore = entry.before !== null;
  const hasAfter = entry.after !== null;
  const rows = rowsOf(entry).filter((row) => !(hasBefore && hasAfter) || JSON.stringify(row.before) !== JSON.stringify(row.after));
  if (rows.length === 0) return <span className="muted">{hasBefore && hasAfter ? t('audit.noChange') : '—'}</span>;
  const lookup = (key: string) => (i18n.exists(key) ? t(key as 'audit.fields.name') : null);
  const label = (field: string) => {
    const [parent, child] = field.split('.') as [string, string | undefined];
    if (!child) return lookup(`audit.fields.${parent}`) ?? parent;
    const childLabel = parent === 'exclusions' ? lookup(`company.exclusion.${child}`) : lookup(`audit.fields.${child}`);
    return `${lookup(`audit.fields.${parent}`) ?? parent} / ${childLabel ?? child}`;
  };
  const show = (field: string, value: unknown): string => {
    if (value === undefined || value === null || value === '') return '—';
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (Array.isArray(value)) return value.length ? value.map((v) => show(field, v)).join('、') : '—';
    if (typeof value === 'object') return JSON.stringify(value);
    const text = String(value);
    if (field === 'role') return lookup(`roles.${text}`) ?? text;
    if (field === 'locale') return lookup(`locales.${text}`) ?? text;
    if (field === 'stage' || field === 'method') return lookup(`audit.values.${text}`) ?? text;
    if (field === 'companyId') return companyName(text) ?? text;
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDay(text);
    return text;
  };
  return (
    <table className="changes">
      <thead>
        <tr>
          <th>{t('audit.field')}</th>
          {hasBefore && <th>{t('audit.before')}</th>}
          {hasAfter && <th>{t('audit.after')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const changed = hasBefore && hasAfter;
          return (
            <tr key={row.key}>
              <th>{label(row.key)}</th>
              {hasBefore && <td className={changed ? 'old' : ''}>{show(row.key.split('.')[0]!, row.before)}</td>}
              {hasAfter && <td className={changed ? 'new' : ''}>{show(row.key.split('.')[0]!, row.after)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
