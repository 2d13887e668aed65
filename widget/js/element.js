// The <ozg-widget> custom element class. Deliberately tiny: the Rust bootstrap
// (src/element.rs) passes in mount, update and unmount and does all the work.

const ATTRIBUTES = ['endpoint', 'service', 'lang', 'panels', 'audience', 'source'];

// Nothing may throw into the host page: a failure is logged and the page goes on.
function guard(action) {
  try {
    return action();
  } catch (error) {
    console.error('ozg-widget:', error);
    return undefined;
  }
}

export function define(mount, update, unmount) {
  if (customElements.get('ozg-widget')) return;
  customElements.define('ozg-widget', class extends HTMLElement {
    static get observedAttributes() {
      return ATTRIBUTES;
    }

    #id;

    connectedCallback() {
      // Moving the element disconnects and reconnects it at once; it stays mounted then.
      if (this.#id !== undefined) return;
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
  });
}
