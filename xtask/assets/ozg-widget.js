// Starts the wasm next to this file; its start function defines <ozg-widget>, and elements already on the page upgrade then.
import init from "./ozg_widget.js";
init({ module_or_path: new URL("./ozg_widget_bg.wasm", import.meta.url) }).catch((e) => console.error("ozg-widget: could not start", e));
