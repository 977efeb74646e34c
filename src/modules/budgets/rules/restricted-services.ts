/**
 * Services a customer of the reseller may not use (seed 000 §2.5.1, SPEC §7), as data. Any spend on
 * one is an alert. An entry matches a cost fact by its service code (exact, case-insensitive, or a
 * prefix), its service name (a pattern), or — for Bedrock models — the name a Marketplace model is
 * sold under.
 */
export type RestrictedService = {
  key: string;
  /** As the seed names it. */
  name: string;
  serviceCodes?: readonly string[];
  serviceCodePrefixes?: readonly string[];
  serviceNamePattern?: RegExp;
  /** Only lines of this billing entity (Bedrock's third-party models are sold through AWS Marketplace). */
  billingEntity?: string;
  note?: string;
};

export const RESTRICTED_SERVICES: readonly RestrictedService[] = [
  { key: 'chime', name: 'Amazon Chime', serviceCodePrefixes: ['AmazonChime'], serviceNamePattern: /^Amazon Chime/i },
  // Shield Standard is free: any Shield charge is Shield Advanced.
  { key: 'shield-advanced', name: 'AWS Shield Advanced', serviceCodes: ['AWSShield'], serviceNamePattern: /^AWS Shield/i },
  {
    key: 'managed-services',
    name: 'AWS Managed Services',
    serviceCodes: ['AWSManagedServices'],
    serviceNamePattern: /^AWS Managed Services/i,
  },
  { key: 'iq', name: 'AWS IQ', serviceCodes: ['AWSIQ'], serviceNamePattern: /^AWS IQ\b/i },
  { key: 'vmware-cloud', name: 'VMware Cloud on AWS', serviceCodes: ['VMwareCloudOnAWS'], serviceNamePattern: /VMware Cloud on AWS/i },
  { key: 'organizations', name: 'AWS Organizations', serviceCodes: ['AWSOrganizations'], serviceNamePattern: /^AWS Organizations/i },
  {
    key: 'identity-center-org',
    name: 'IAM Identity Center（組織インスタンス）',
    serviceCodes: ['AWSSSO', 'AWSIdentityCenter'],
    serviceNamePattern: /^(AWS|IAM) (Single Sign-On|IAM Identity Center|Identity Center)/i,
    note: 'An account instance is allowed, but cost data cannot tell the two apart: staff check the instance.',
  },
  { key: 'control-tower', name: 'AWS Control Tower', serviceCodes: ['AWSControlTower'], serviceNamePattern: /^AWS Control Tower/i },
  {
    key: 'bedrock-marketplace-model',
    name: 'Amazon Bedrock（制限対象の基盤モデル）',
    billingEntity: 'AWS Marketplace',
    serviceNamePattern: /\(Amazon Bedrock Edition\)/i,
    note: 'Third-party foundation models sold through AWS Marketplace; Amazon Bedrock itself is allowed.',
  },
];

export type CostLine = { serviceCode: string; serviceName: string; billingEntity: string };

export function matchRestrictedService(line: CostLine, list: readonly RestrictedService[] = RESTRICTED_SERVICES): RestrictedService | null {
  const code = line.serviceCode.toLowerCase();
  for (const entry of list) {
    if (entry.billingEntity && entry.billingEntity !== line.billingEntity) continue;
    if (entry.serviceCodes?.some((c) => c.toLowerCase() === code)) return entry;
    if (entry.serviceCodePrefixes?.some((p) => code.startsWith(p.toLowerCase()))) return entry;
    if (entry.serviceNamePattern?.test(line.serviceName)) return entry;
  }
  return null;
}
