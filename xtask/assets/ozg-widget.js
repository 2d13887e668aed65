// Starts the wasm next to this file; its start function defines <ozg-widget>, and elements already on the page upgrade then.
// The wasm is fetched with its SRI hash (written in at build time): a changed file is refused, not run.
// The build bundles this with wasm-bindgen's glue into the one module a page loads.
import init from "./ozg_widget.js";
const wasm = new URL("./ozg_widget_bg.wasm", import.meta.url);
init({ module_or_path: fetch(wasm, { integrity: "__WASM_INTEGRITY__" }) }).catch((e) =>
  console.error(`ozg-widget: could not start: ${wasm} failed its integrity check or could not be loaded; the widget is not shown`, e));
