/**
 * Password policy (NIST SP 800-63B style): long enough, not a known-bad password, not built from the
 * user's own e-mail. No composition rules — they make passwords weaker, not stronger.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON_PASSWORDS = new Set([
  'password1234', 'password12345', 'passw0rd1234', '123456789012', '1234567890ab', 'qwertyuiop12',
  'qwerty123456', 'iloveyou1234', 'letmein12345', 'welcome12345', 'administrator', 'changeme1234',
  'abcdefghijkl', 'aaaaaaaaaaaa', 'password!234', 'p@ssw0rd1234',
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_email' | 'same_as_current';

export function passwordProblems(
  password: string,
  context: { email: string; currentPassword?: string },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) problems.push('too_common');
  const local = context.email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) problems.push('contains_email');
  if (context.currentPassword !== undefined && password === context.currentPassword) problems.push('same_as_current');
  return problems;
}

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: `at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `at most ${PASSWORD_MAX_LENGTH} characters`,
  too_common: 'not a commonly used password',
  contains_email: 'not containing your e-mail name',
  same_as_current: 'different from the current password',
};

export function describePasswordProblems(problems: PasswordProblem[]): string {
  return `The password must be ${problems.map((p) => MESSAGES[p]).join(', ')}.`;
}
