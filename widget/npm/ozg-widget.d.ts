// Importing "ozg-widget" starts the widget's WebAssembly module and defines <ozg-widget>; it
// exports nothing. These declarations type the element for TypeScript and frameworks.

/** The attributes `<ozg-widget>` reads; see the package README for each. */
export interface OzgWidgetAttributes {
  /** The 14-digit LeiKa key of the service, e.g. `99107108017000`. */
  service: string;
  /** URL of the authority endpoint; a relative URL is resolved against the page. */
  endpoint?: string;
  /** Language; default: the page's `<html lang>`, else `de`. */
  lang?: "de" | "en";
  /** Which tabs in which order, from `updates service feedback` (space-separated). */
  panels?: string;
  /** Where "So funktioniert's" takes the service description from. */
  "service-source"?: "endpoint" | "inline" | "jsonld";
  /** The `id` of a `<script type="application/json">` holding a service description. */
  "service-json"?: string;
  /** Level of the widget's top headings. */
  "heading-level"?: "2" | "3" | "4" | "5";
  /** Whom the "Folgen Sie uns" links are ordered for. */
  audience?: "citizens" | "professionals";
}

/** An `<ozg-widget>` element; configure it with the attributes of {@link OzgWidgetAttributes}. */
export interface OzgWidgetElement extends HTMLElement {}

declare global {
  interface HTMLElementTagNameMap {
    "ozg-widget": OzgWidgetElement;
  }
}
