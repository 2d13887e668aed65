interface ImportMetaEnv {
  /** The endpoint the built app submits to, unless the page's `?endpoint=` says otherwise. */
  readonly VITE_OZG_ENDPOINT?: string;
}
