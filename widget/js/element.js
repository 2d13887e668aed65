// The <ozg-widget> custom element class. Deliberately tiny: the Rust bootstrap
// (src/element.rs) passes in mount, update and unmount and does all the work.

// Every attribute the widget reads; each is also a property of the same name in camelCase
// (`service-source` is `serviceSource`), reflecting to the attribute.
const ATTRIBUTES = [
  'endpoint', 'service', 'lang', 'panels', 'theme', 'audience', 'source', 'heading-level',
  'service-source', 'service-json', 'retry-delay',
];

// Nothing may throw into the host page: a failure is logged and the page goes on.
function guard(action) {
  try {
    return action();
  } catch (error) {
    console.error('ozg-widget:', error);
    return undefined;
  }
}

const PROPERTIES = ATTRIBUTES.filter((name) => name !== 'lang')
  .map((name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase()));

// Requests started as soon as this module runs, while the wasm is still on its way: the data of
// each widget's first panel. The widget takes a response only for exactly the URL it requests
// itself, once and within half a minute (long enough for the wasm on a slow mobile connection).
const PREFETCH_TTL_MS = 30000;
// As `LIMIT` in `src/components/updates_panel.rs`; a browser test fails when they differ.
const POSTS_PER_PAGE = 20;
const prefetched = new Map();

// The URL of the first request of `element`, when the widget is sure to make it at once: the
// posts or the service description from the endpoint.
function firstRequest(element) {
  const attribute = (name) => (element.getAttribute(name) ?? '').trim();
  const service = attribute('service');
  if (!attribute('endpoint') || !/^[0-9]{14}$/.test(service) || attribute('source')) return undefined;
  let base;
  try {
    base = new URL(attribute('endpoint'), element.baseURI);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(base.protocol) || base.search || base.hash) return undefined;
  const endpoint = base.href.replace(/\/+$/, '').replace(/\/v1$/, '');
  const known = ['updates', 'service', 'feedback'];
  const first = attribute('panels').toLowerCase().split(/[\s,]+/).find((name) => known.includes(name))
    ?? 'updates';
  if (first === 'updates') return `${endpoint}/v1/updates?service=${service}&limit=${POSTS_PER_PAGE}`;
  const serviceSource = attribute('service-source').toLowerCase();
  if (first === 'service' && (serviceSource === '' || serviceSource === 'endpoint')) {
    return `${endpoint}/v1/services/${service}`;
  }
  return undefined;
}

function prefetch() {
  if (typeof document === 'undefined' || customElements.get('ozg-widget')) return;
  for (const element of document.querySelectorAll('ozg-widget')) {
    const url = firstRequest(element);
    if (url !== undefined && !prefetched.has(url)) {
      // The body is read as it arrives, so the widget finds it complete in memory.
      const response = fetch(url, {
        mode: 'cors', credentials: 'omit', headers: { Accept: 'application/json' },
      }).then((answer) => answer.text().then((body) => new Response(body, answer)));
      // A failed request is the widget's to report, when it asks for it.
      response.catch(() => {});
      prefetched.set(url, { response, at: performance.now() });
    }
  }
}

guard(prefetch);

// The response already requested for `url`, if any: the widget's client takes it instead of
// requesting the same again. Answers too old to use are dropped then, so no timer is needed.
export function takePrefetched(url) {
  const entry = prefetched.get(url);
  prefetched.delete(url);
  const now = performance.now();
  for (const [other, { at }] of prefetched) {
    if (now - at > PREFETCH_TTL_MS) prefetched.delete(other);
  }
  return entry !== undefined && now - entry.at <= PREFETCH_TTL_MS ? entry.response : undefined;
}

export function define(mount, update, unmount) {
  if (customElements.get('ozg-widget')) return;
  class OzgWidget extends HTMLElement {
    static get observedAttributes() {
      return ATTRIBUTES;
    }

    #id;

    connectedCallback() {
      // Moving the element disconnects and reconnects it at once; it stays mounted then.
      if (this.#id !== undefined) return;
      // A property the page set before the element was defined is an own property that hides
      // the accessor: hand it to the accessor, so it becomes the attribute.
      for (const property of PROPERTIES) {
        if (Object.hasOwn(this, property)) {
          const value = this[property];
          delete this[property];
          this[property] = value;
        }
      }
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      this.#id = guard(() => mount(this, root));
    }

    disconnectedCallback() {
      queueMicrotask(() => {
        if (this.isConnected || this.#id === undefined) return;
        const id = this.#id;
        this.#id = undefined;
        guard(() => unmount(id));
      });
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (this.#id !== undefined && oldValue !== newValue) {
        guard(() => update(this.#id, this));
      }
    }
  }
  // `lang` and `hidden` are HTMLElement's own reflecting properties already.
  ATTRIBUTES.filter((name) => name !== 'lang').forEach((name, index) => {
    const property = PROPERTIES[index];
    Object.defineProperty(OzgWidget.prototype, property, {
      configurable: true,
      enumerable: true,
      get() {
        return this.getAttribute(name);
      },
      set(value) {
        if (value === null || value === undefined) this.removeAttribute(name);
        else this.setAttribute(name, String(value));
      },
    });
  });
  customElements.define('ozg-widget', OzgWidget);
}
