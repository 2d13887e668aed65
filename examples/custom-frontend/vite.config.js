import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset URLs, so the built app works from any folder of any host.
  base: "./",
  // The SDK starts its WebAssembly with top-level await and loads it via `new URL(…, import.meta.url)`.
  optimizeDeps: { exclude: ["ozg-sdk"] },
  build: { target: "es2022" },
});
