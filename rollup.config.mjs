// Builds the package from src/:
// - for Node, ESM: the library (dist/pixelcnnpp.mjs), the command line (dist/cli.mjs) and the worker
//   threads of data-parallel training and of inference (dist/gradient-worker.mjs,
//   dist/inference-worker.mjs), sharing their code through chunks
//   beside them, so the package carries one copy of the library;
// - for Node, CommonJS: the library in one file (dist/pixelcnnpp.cjs);
// - for browsers and bundlers, ESM (dist/pixelcnnpp.browser.mjs): every `x.ts` with an `x.browser.ts`
//   beside it is replaced by that file (tfjs-backend-wasm's binaries as bundler assets, no worker
//   threads), and Node's built-in modules by stubs that throw.
// No source maps: they would point at sources the package does not ship.
import { existsSync, rmSync } from 'node:fs';
import esbuild from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';

// Chunk names carry a content hash: start from an empty dist/ so no stale chunk is packed.
rmSync('dist', { recursive: true, force: true });

const isExternalPackage = (id) => id.startsWith('@tensorflow/') || id === 'webgpu';
const isNodeBuiltin = (id) => id.startsWith('node:');

/** In the browser build, `import('node:…')` resolves to a module whose use fails clearly. */
function stubNodeBuiltins() {
  const PREFIX = '\0node-builtin-stub:';
  return {
    name: 'stub-node-builtins',
    resolveId(id) {
      return isNodeBuiltin(id) ? PREFIX + id : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      return `const unavailable = () => { throw new Error('${name} is not available in the browser build of pixelcnnpp.'); };
export default new Proxy({}, { get: unavailable });
export const readFile = unavailable, writeFile = unavailable;`;
    },
  };
}

/** In the browser build, `./x.js` resolves to `./x.browser.ts` where that file exists. */
function browserVariants() {
  return {
    name: 'browser-variants',
    async resolveId(source, importer, options) {
      if (importer === undefined || !source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved === null || resolved.external) return resolved;
      const variant = resolved.id.replace(/\.ts$/, '.browser.ts');
      return variant !== resolved.id && existsSync(variant) ? variant : resolved;
    },
  };
}

const plugins = () => [nodeResolve({ extensions: ['.ts', '.js'] }), esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' })];
const nodeExternal = (id) => isExternalPackage(id) || isNodeBuiltin(id);

export default [
  {
    input: {
      pixelcnnpp: 'src/index.ts',
      cli: 'src/cli/main.ts',
      'gradient-worker': 'src/training/gradient-worker.ts',
      'inference-worker': 'src/parallel/inference-worker.ts',
    },
    external: nodeExternal,
    plugins: plugins(),
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
  },
  {
    input: 'src/index.ts',
    external: nodeExternal,
    plugins: plugins(),
    output: { file: 'dist/pixelcnnpp.cjs', format: 'cjs', inlineDynamicImports: true, exports: 'named' },
  },
  {
    input: 'src/index.ts',
    external: isExternalPackage,
    plugins: [browserVariants(), stubNodeBuiltins(), ...plugins()],
    output: { file: 'dist/pixelcnnpp.browser.mjs', format: 'es', inlineDynamicImports: true },
  },
];
