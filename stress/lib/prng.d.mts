// Types of prng.mjs, for the bench (TypeScript) and the tests.

/** A uniform number in [0, 1) per call, the same sequence for the same starting state. */
export function mulberry32(state: number): () => number;
