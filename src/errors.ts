/**
 * The app's error taxonomy. Each edge (HTTP handler, adapter, CLI, scheduler) maps these once;
 * everything else throws them with a `cause` and lets them travel.
 */
export type ErrorCode =
  | 'config' // bad environment or start-up input
  | 'plan_format' // the plan file does not have the expected shape
  | 'bad_input' // a request or message we refuse with a clear answer
  | 'payload_too_large'
  | 'unauthorized' // forged webhook, wrong secret
  | 'store_unavailable' // Redis down, disk unwritable
  | 'store_corrupt' // embedded store cannot be loaded
  | 'platform_transient' // 429, 5xx, network: retry later
  | 'platform_permanent'; // blocked by the user, chat gone: stop sending

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

export class ConfigError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
    this.name = 'ConfigError';
  }
}

export class PlanFormatError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('plan_format', message, options);
    this.name = 'PlanFormatError';
  }
}

export class BadInputError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad_input', message, options);
    this.name = 'BadInputError';
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(readonly limitBytes: number) {
    super('payload_too_large', `body exceeds ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super('unauthorized', message);
    this.name = 'UnauthorizedError';
  }
}

export class StoreUnavailableError extends AppError {
  /**
   * 'failed': the operation was not applied (refused before it reached the store, or rolled back).
   * 'unknown': it may have been applied (a request sent to Redis timed out; Redis may still run it).
   */
  readonly outcome: 'failed' | 'unknown';
  constructor(message: string, options?: { cause?: unknown; outcome?: 'failed' | 'unknown' }) {
    super('store_unavailable', message, options);
    this.name = 'StoreUnavailableError';
    this.outcome = options?.outcome ?? 'failed';
  }
}

export class StoreCorruptError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_corrupt', message, options);
    this.name = 'StoreCorruptError';
  }
}

/** A failed platform call. Transient ones are retried later; permanent ones disable the target. */
export class PlatformError extends AppError {
  readonly retryAfterMs: number | null;
  constructor(
    readonly platform: string,
    transient: boolean,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number | null },
  ) {
    super(transient ? 'platform_transient' : 'platform_permanent', message, options);
    this.name = 'PlatformError';
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
  get transient(): boolean {
    return this.code === 'platform_transient';
  }
}

/** A short description for logs: never the payload, never a token. */
export function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof AppError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: 'internal', message: `${e.name}: ${e.message}` };
  return { code: 'internal', message: 'non-error thrown' };
}
