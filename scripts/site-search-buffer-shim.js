// Injected into the browser bundle of the site search: core/fold.ts allocates a Buffer when
// it loads (for foldJoined, the indexer's fast path, which the browser never calls).
export const Buffer = { allocUnsafe: (n) => new Uint8Array(n) };
