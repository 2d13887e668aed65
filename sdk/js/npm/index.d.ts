import type { OzgError } from "./ozg_sdk.js";

export { Client, Outbox, validateFeedback } from "./ozg_sdk.js";
export type {
  ErrorCode,
  FlushOptions,
  OutboxEntry,
  OutboxOptions,
  OutboxReport,
  OzgError,
  UpdatesQuery,
} from "./ozg_sdk.js";
// @wire-types: `cargo xtask dist` replaces this line with the wire types from sdk/openapi.json.

/**
 * A fresh idempotency key for one submission: 32 random hex digits from the browser's
 * cryptographic generator. Keep it with the submission until the endpoint confirmed it.
 */
export declare function newIdempotencyKey(): string;

/** Whether `error` is what this package throws or rejects with. */
export declare function isOzgError(error: unknown): error is OzgError;
