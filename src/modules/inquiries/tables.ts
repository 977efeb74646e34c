import type { Generated } from 'kysely';
import type { InquiryCategory } from './rules/inquiry-rules.ts';

export interface InquiriesTable {
  id: Generated<string>;
  company_id: string;
  subject: string;
  category: InquiryCategory;
  status: Generated<'open' | 'closed'>;
  opened_by_user_id: string | null;
  opened_by: string;
  opened_at: Date;
  /** The oldest customer message staff have not answered yet; null when staff spoke last. */
  waiting_since: Date | null;
  first_response_at: Date | null;
  last_message_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
}

export interface InquiryMessagesTable {
  id: Generated<string>;
  inquiry_id: string;
  author_user_id: string | null;
  author_kind: 'customer' | 'staff';
  author_name: string;
  body: string;
  created_at: Date;
}

export interface InquiriesTables {
  inquiries: InquiriesTable;
  inquiry_messages: InquiryMessagesTable;
}
