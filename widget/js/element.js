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
