/**
 * The cross-account role a customer creates for the Trusted Advisor view (seed 004 §3.4.6). Pure.
 * The trust policy lets Daiko's AWS account assume the role only with the company's external ID
 * (the confused-deputy guard); the permissions are AWS's managed read-only Support access.
 */
export const ADVISOR_ROLE_PERMISSIONS = [
  'arn:aws:iam::aws:policy/AWSSupportAccess',
  'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
] as const;
export const ADVISOR_SESSION_NAME = 'daiko-trusted-advisor';

export function trustPolicy(daikoAccountId: string, externalId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${daikoAccountId}:root` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': externalId } },
        },
      ],
    },
    null,
    2,
  );
}

/** `daiko-` and 32 hex digits from 16 random bytes. */
export function externalIdFrom(random: Uint8Array): string {
  if (random.length !== 16) throw new RangeError('an external ID takes 16 random bytes');
  return `daiko-${Buffer.from(random).toString('hex')}`;
}
