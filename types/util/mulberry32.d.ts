/**
 * mulberry32: a tiny, fast, seedable generator of uniforms in (0, 1), for reproducible weights,
 * test data and benchmarks. Not the sampling generator (that is Philox, in the mixture module).
 */
export declare function mulberry32(seed: number): () => number;
