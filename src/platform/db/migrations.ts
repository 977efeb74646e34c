import type { Migration } from 'kysely';
import * as settings from './migrations/0000-settings.ts';
import * as auditLog from '../../modules/audit/migrations/0001-audit-log.ts';
import * as companies from '../../modules/companies/migrations/0002-companies.ts';
import * as awsAccounts from '../../modules/accounts/migrations/0003-aws-accounts.ts';
import * as identity from '../../modules/identity/migrations/0004-identity.ts';
import * as outbox from '../../modules/mail/migrations/0005-outbox.ts';
import * as simulatedAws from '../../modules/aws/migrations/0006-simulated-aws.ts';
import * as costs from '../../modules/costs/migrations/0007-costs.ts';
import * as fx from '../../modules/fx/migrations/0008-fx.ts';
import * as issuerSettings from '../../modules/invoicing/migrations/0009-issuer-settings.ts';
import * as pricingPolicies from '../../modules/billing/migrations/0010-pricing-policies.ts';
import * as invoices from '../../modules/invoicing/migrations/0011-invoices.ts';
import * as outboxAttachments from '../../modules/mail/migrations/0012-outbox-attachments.ts';
import * as payments from '../../modules/receivables/migrations/0013-payments.ts';
import * as prepaidNotices from '../../modules/prepaid/migrations/0014-prepaid-notices.ts';
import * as budgets from '../../modules/budgets/migrations/0017-budgets.ts';
import * as alertSettings from '../../modules/budgets/migrations/0018-alert-settings.ts';
import * as membership from '../../modules/membership/migrations/0019-membership.ts';
import * as membershipServices from '../../modules/membership/migrations/0020-membership-services.ts';
import * as inquiries from '../../modules/inquiries/migrations/0021-inquiries.ts';
import * as trustedAdvisor from '../../modules/advisor/migrations/0022-trusted-advisor.ts';
import * as optimization from '../../modules/optimization/migrations/0023-optimization.ts';
import * as membershipCatalog from '../../modules/membership/migrations/0024-membership-catalog.ts';
import * as portalReads from '../../modules/portal/migrations/0025-portal-reads.ts';
import * as costTagFacts from '../../modules/costs/migrations/0026-cost-tag-facts.ts';
import * as companyCorporateNumber from '../../modules/companies/migrations/0027-company-corporate-number.ts';
import * as invoicePartySnapshots from '../../modules/invoicing/migrations/0028-invoice-party-snapshots.ts';

/**
 * Every migration of every module, in the order they run. Each module owns its files; the number
 * in the name is global so the order is plain to see. Append only — never edit a landed one.
 */
export const migrations: Record<string, Migration> = {
  '0000-settings': settings,
  '0001-audit-log': auditLog,
  '0002-companies': companies,
  '0003-aws-accounts': awsAccounts,
  '0004-identity': identity,
  '0005-outbox': outbox,
  '0006-simulated-aws': simulatedAws,
  '0007-costs': costs,
  '0008-fx': fx,
  '0009-issuer-settings': issuerSettings,
  '0010-pricing-policies': pricingPolicies,
  '0011-invoices': invoices,
  '0012-outbox-attachments': outboxAttachments,
  '0013-payments': payments,
  '0014-prepaid-notices': prepaidNotices,
  '0017-budgets': budgets,
  '0018-alert-settings': alertSettings,
  '0019-membership': membership,
  '0020-membership-services': membershipServices,
  '0021-inquiries': inquiries,
  '0022-trusted-advisor': trustedAdvisor,
  '0023-optimization': optimization,
  '0024-membership-catalog': membershipCatalog,
  '0025-portal-reads': portalReads,
  '0026-cost-tag-facts': costTagFacts,
  '0027-company-corporate-number': companyCorporateNumber,
  '0028-invoice-party-snapshots': invoicePartySnapshots,
};
