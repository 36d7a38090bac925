// Domain errors. Each names the failure and carries a stable code; only main.ts turns them
// into exit codes (usage → 2, partial → 3, everything else → 1).

export type ErrorKind = 'usage' | 'not_found' | 'conflict' | 'invalid' | 'io' | 'database' | 'partial';

export class NewsdeskError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  constructor(kind: ErrorKind, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.hint = hint;
  }
}

/** A bad flag, a missing value without a terminal, a confirmation not given: exit 2. */
export class UsageError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint);
    this.name = 'UsageError';
  }
}

export class NotFoundError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('not_found', message, hint);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('conflict', message, hint);
    this.name = 'ConflictError';
  }
}

/** One field of one record failed validation. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Invalid data (a record, a file's content): exit 1. */
export class ValidationError extends NewsdeskError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], hint?: string) {
    super('invalid', issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; '), hint);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export class DatabaseError extends NewsdeskError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('database', message, hint, options);
    this.name = 'DatabaseError';
  }
}

export class IOError extends NewsdeskError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('io', message, hint, options);
    this.name = 'IOError';
  }
}

/** Some records were written and some rejected (import --continue-on-error): exit 3. */
export class PartialError extends NewsdeskError {
  constructor(message: string, hint?: string) {
    super('partial', message, hint);
    this.name = 'PartialError';
  }
}

