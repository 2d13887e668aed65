// Entry point of the npm package `ozg-sdk`: starts the WebAssembly module once, on import,
// then exports the client and the outbox. Bundlers (Vite, Rollup, webpack 5) emit the .wasm file as an asset
// because of the `new URL(…, import.meta.url)` below.
import init, { Client, Outbox, validateFeedback } from "./ozg_sdk.js";

await init({ module_or_path: new URL("./ozg_sdk_bg.wasm", import.meta.url) });

export { Client, Outbox, validateFeedback };

/**
 * A fresh idempotency key for one submission: 32 random hex digits from the browser's
 * cryptographic generator. Keep it with the submission until the endpoint confirmed it.
 */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether `error` is what this package throws or rejects with. */
export function isOzgError(error) {
  return error instanceof Error && error.name === "OzgError" && typeof error.code === "string";
}
