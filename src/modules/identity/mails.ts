/** The e-mail a new user receives with a temporary password (Japanese first, English below). */
export function temporaryPasswordMail(input: { name: string; email: string; temporaryPassword: string; signInUrl: string; companyName: string | null }) {
  const to = input.companyName ? `${input.companyName}\n${input.name} 様` : `${input.name} 様`;
  return {
    subject: '【Daiko】ポータルのアカウントを発行しました / Your Daiko portal account',
    text: [
      to,
      '',
      'Daiko ポータルのアカウントを発行しました。',
      `ログイン画面: ${input.signInUrl}`,
      `メールアドレス: ${input.email}`,
      `仮パスワード: ${input.temporaryPassword}`,
      '',
      '初回ログイン時に仮パスワードの変更と、多要素認証 (MFA) の設定が必要です。',
      '',
      '---',
      'An account for the Daiko portal has been created for you.',
      `Sign in at ${input.signInUrl} with the temporary password above.`,
      'At first sign-in you will set your own password and enrol in multi-factor authentication (MFA).',
    ].join('\n'),
  };
}
