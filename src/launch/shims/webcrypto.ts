/**
 * Stands in for `isomorphic-webcrypto` in the production build (vite.config.ts). fhirclient reaches
 * for it only when the browser has no WebCrypto, and every browser the app supports has it (SMART's
 * PKCE needs it anyway), so the polyfill (about 4 kB gzipped) would never run.
 */
export default globalThis.crypto;
