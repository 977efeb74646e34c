/**
 * Errors the domain raises on purpose. The HTTP layer maps them to `{ error, message }` with the
 * status below; the CLI prints the message. Anything else is a bug and becomes a 500.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const unauthorized = (message = 'Sign-in required') => new DomainError('unauthorized', message, 401);
export const forbidden = (message = 'You are not allowed to do this') => new DomainError('forbidden', message, 403);
export const notFound = (what: string) => new DomainError('not_found', `${what} not found`, 404);
export const conflict = (code: string, message: string) => new DomainError(code, message, 409);
export const invalid = (message: string, details?: unknown) => new DomainError('invalid_input', message, 400, details);
export const tooManyRequests = (message: string) => new DomainError('too_many_attempts', message, 429);
