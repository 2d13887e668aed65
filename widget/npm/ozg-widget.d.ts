// Importing "ozg-widget" starts the widget's WebAssembly module and defines <ozg-widget>; it
// exports nothing. These declarations type the element, its properties and its events for
// TypeScript and frameworks.

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
  /** Colour scheme: `auto` (default) follows `prefers-color-scheme`. */
  theme?: "auto" | "light" | "dark";
  /** Where "So funktioniert's" takes the service description from. */
  "service-source"?: "endpoint" | "inline" | "jsonld";
  /** The `id` of a `<script type="application/json">` holding a service description. */
  "service-json"?: string;
  /** Level of the widget's top headings. */
  "heading-level"?: "2" | "3" | "4" | "5";
  /** Whom the "Folgen Sie uns" links are ordered for. */
  audience?: "citizens" | "professionals";
  /** `mastodon:@account@instance`: posts straight from a Mastodon instance, without an endpoint. */
  source?: string;
  /** Milliseconds before the first retry of unsent feedback, `100` to `600000`. */
  "retry-delay"?: string;
}

/** `detail` of every event: the service of the widget that sent it (`null` when its `service`
 * attribute is unusable). */
export interface OzgEventDetail {
  service: string | null;
}

/** `ozg-ready`: the widget rendered for the first time. */
export interface OzgReadyDetail extends OzgEventDetail {
  lang: "de" | "en";
}

/** `ozg-feedback-queued`: the feedback is stored on the device and will be sent. */
export type OzgFeedbackQueuedDetail = OzgEventDetail;

/** `ozg-feedback-sent`: the endpoint confirmed the feedback. */
export interface OzgFeedbackSentDetail extends OzgEventDetail {
  /** The reference number the citizen sees. */
  reference: string;
}

/** `ozg-feedback-error`: the feedback could not be sent and is not kept for a retry. */
export interface OzgFeedbackErrorDetail extends OzgEventDetail {
  code: "network" | "rate_limited" | "rejected";
}

/** The events of `<ozg-widget>`: `CustomEvent`s that bubble and cross the shadow boundary. */
export interface OzgWidgetEventMap extends HTMLElementEventMap {
  "ozg-ready": CustomEvent<OzgReadyDetail>;
  "ozg-feedback-queued": CustomEvent<OzgFeedbackQueuedDetail>;
  "ozg-feedback-sent": CustomEvent<OzgFeedbackSentDetail>;
  "ozg-feedback-error": CustomEvent<OzgFeedbackErrorDetail>;
}

/** An `<ozg-widget>` element. Every attribute is also a property (camelCase, reflecting to the
 * attribute; `null` when absent); `lang` and `hidden` are HTMLElement's own. */
export interface OzgWidgetElement extends HTMLElement {
  service: string | null;
  endpoint: string | null;
  panels: string | null;
  theme: string | null;
  audience: string | null;
  source: string | null;
  headingLevel: string | null;
  serviceSource: string | null;
  serviceJson: string | null;
  retryDelay: string | null;
  addEventListener<K extends keyof OzgWidgetEventMap>(
    type: K,
    listener: (this: OzgWidgetElement, event: OzgWidgetEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof OzgWidgetEventMap>(
    type: K,
    listener: (this: OzgWidgetElement, event: OzgWidgetEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "ozg-widget": OzgWidgetElement;
  }
  interface DocumentEventMap {
    "ozg-ready": CustomEvent<OzgReadyDetail>;
    "ozg-feedback-queued": CustomEvent<OzgFeedbackQueuedDetail>;
    "ozg-feedback-sent": CustomEvent<OzgFeedbackSentDetail>;
    "ozg-feedback-error": CustomEvent<OzgFeedbackErrorDetail>;
  }
}
