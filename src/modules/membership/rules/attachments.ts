/**
 * What a thread accepts as an attachment: a size limit, an allowlist of content types, and a file
 * name reduced to something harmless (no path, no control or quoting characters). Pure.
 */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 3;

export const ALLOWED_CONTENT_TYPES: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'text/plain': ['txt', 'log'],
  'text/csv': ['csv'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
};

/** The last path segment, without control characters, quotes, slashes or leading dots; at most 120 characters. */
export function sanitizeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  let clean = last
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"'<>:*?|;]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  if (clean.length > 120) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = clean.slice(0, 120 - ext.length) + ext;
  }
  return clean || 'attachment';
}

/** Why a file is refused, or null. The extension must match the declared type. */
export function attachmentProblem(file: { fileName: string; contentType: string; sizeBytes: number }): string | null {
  const extensions = ALLOWED_CONTENT_TYPES[file.contentType];
  if (!extensions) return `Files of type ${file.contentType} are not accepted.`;
  if (file.sizeBytes <= 0) return 'The file is empty.';
  if (file.sizeBytes > MAX_ATTACHMENT_BYTES) return `The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`;
  const ext = file.fileName.toLowerCase().split('.').pop() ?? '';
  if (!extensions.includes(ext)) return `A ${file.contentType} file must end in .${extensions.join(' or .')}.`;
  return null;
}

/** A Content-Disposition that always downloads, with the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
