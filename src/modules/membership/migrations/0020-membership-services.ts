import { sql, type Kysely } from 'kysely';

// The option-service catalog (seed 004 §3.2.2–3.2.8) as data, the training menu (§3.3),
// applications with their message threads and attachments, and training requests.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE option_services (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9-]{1,40}$'),
      name_ja text NOT NULL,
      name_en text NOT NULL,
      category text NOT NULL CHECK (category IN ('cost', 'security', 'training')),
      ticket_cost integer NOT NULL CHECK (ticket_cost > 0),
      cost_from_training_menu boolean NOT NULL DEFAULT false,
      min_rank text NOT NULL CHECK (min_rank IN ('PLATINUM', 'GOLD', 'SILVER', 'BRONZE', 'REGULAR')),
      per_account boolean NOT NULL,
      cancellable boolean NOT NULL,
      yearly_capacity integer CHECK (yearly_capacity > 0),
      lead_business_days integer NOT NULL DEFAULT 0 CHECK (lead_business_days >= 0),
      offered_until date,
      sort_order integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    INSERT INTO option_services (code, name_ja, name_en, category, ticket_cost, cost_from_training_menu, min_rank, per_account, cancellable, yearly_capacity, lead_business_days, sort_order) VALUES
      ('cost-consulting', 'コスト最適化コンサルティング', 'Cost optimization consulting', 'cost', 10, false, 'REGULAR', false, true, NULL, 0, 10),
      ('cost-consulting-lite', 'コスト最適化コンサルティングLite', 'Cost optimization consulting Lite', 'cost', 5, false, 'REGULAR', true, true, NULL, 0, 20),
      ('account-diagnosis', 'AWSアカウント診断サービス', 'AWS account diagnosis (Security Hub)', 'security', 5, false, 'REGULAR', true, true, NULL, 0, 30),
      ('security-consulting', 'セキュリティコンサルティング', 'Security consulting', 'security', 10, false, 'REGULAR', false, true, NULL, 0, 40),
      ('security-consulting-lite', 'セキュリティコンサルティングLite', 'Security consulting Lite', 'security', 5, false, 'REGULAR', true, true, NULL, 0, 50),
      ('aws-training', 'AWSトレーニング', 'AWS training', 'training', 2, true, 'REGULAR', false, true, NULL, 0, 60),
      ('web-vulnerability-lite', 'Web脆弱性診断Lite', 'Web vulnerability diagnosis Lite', 'security', 10, false, 'REGULAR', false, false, 20, 20, 70)
  `.execute(db);
  await sql`
    CREATE TABLE training_menu (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9-]{1,40}$'),
      name_ja text NOT NULL,
      name_en text NOT NULL,
      format text NOT NULL CHECK (format IN ('lecture', 'hands-on')),
      hours numeric NOT NULL DEFAULT 2,
      ticket_cost integer NOT NULL DEFAULT 2 CHECK (ticket_cost >= 2),
      active boolean NOT NULL DEFAULT true,
      sort_order integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`
    INSERT INTO training_menu (code, name_ja, name_en, format, hours, ticket_cost, sort_order) VALUES
      ('aws-basics', 'AWS基礎(座学)', 'AWS fundamentals (lecture)', 'lecture', 2, 2, 10),
      ('cost-management', 'コスト管理入門(ハンズオン)', 'Cost management (hands-on)', 'hands-on', 2, 2, 20),
      ('security-basics', 'セキュリティ基礎(ハンズオン)', 'Security fundamentals (hands-on)', 'hands-on', 2, 3, 30),
      ('serverless', 'サーバーレス入門(ハンズオン)', 'Serverless introduction (hands-on)', 'hands-on', 2, 3, 40)
  `.execute(db);
  await sql`
    CREATE TABLE membership_applications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      service_code text NOT NULL REFERENCES option_services(code),
      training_code text REFERENCES training_menu(code),
      aws_account_id text REFERENCES aws_accounts(account_id),
      fiscal_year integer NOT NULL,
      tickets integer NOT NULL CHECK (tickets > 0),
      status text NOT NULL CHECK (status IN ('applied', 'scheduling', 'in_progress', 'reported', 'done', 'rejected', 'cancelled')),
      note text NOT NULL DEFAULT '',
      earliest_start date NOT NULL,
      applied_by uuid NOT NULL REFERENCES users(id),
      applied_at timestamptz NOT NULL DEFAULT now(),
      closed_reason text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX membership_applications_company_idx ON membership_applications (company_id, applied_at)`.execute(db);
  await sql`CREATE INDEX membership_applications_status_idx ON membership_applications (status, applied_at)`.execute(db);
  await sql`
    CREATE TABLE membership_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL REFERENCES membership_applications(id),
      author_id uuid REFERENCES users(id),
      author_side text NOT NULL CHECK (author_side IN ('customer', 'staff', 'system')),
      body text NOT NULL,
      status_to text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX membership_messages_application_idx ON membership_messages (application_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE membership_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL REFERENCES membership_applications(id),
      message_id uuid NOT NULL REFERENCES membership_messages(id),
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
      content_type text NOT NULL,
      size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
      sha256 text NOT NULL,
      is_report boolean NOT NULL DEFAULT false,
      data bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE training_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      fiscal_year integer NOT NULL,
      training_code text NOT NULL REFERENCES training_menu(code),
      preferred_dates date[] NOT NULL CHECK (cardinality(preferred_dates) BETWEEN 1 AND 3),
      status text NOT NULL CHECK (status IN ('requested', 'scheduled', 'done', 'cancelled')),
      scheduled_on date,
      note text NOT NULL DEFAULT '',
      requested_by uuid NOT NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX training_requests_company_idx ON training_requests (company_id, fiscal_year)`.execute(db);
}
