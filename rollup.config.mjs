// Builds the package from src/index.ts: ESM and CommonJS for Node, and an ESM build for browsers
// and bundlers in which Node's built-in modules are replaced by stubs that throw; beside them the
// command line and the worker threads of data-parallel training and of inference (Node).
import esbuild from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';

const external = (id) => id.startsWith('@tensorflow/') || id === 'webgpu';

/** In the browser build, `import('node:…')` resolves to a module whose use fails clearly. */
function stubNodeBuiltins() {
  const PREFIX = '\0node-builtin-stub:';
  return {
    name: 'stub-node-builtins',
    resolveId(id) {
      return id.startsWith('node:') ? PREFIX + id : null;
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

const plugins = [nodeResolve({ extensions: ['.ts', '.js'] }), esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' })];

export default [
  {
    input: 'src/index.ts',
    external: (id) => external(id) || id.startsWith('node:'),
    plugins,
    output: [
      { file: 'dist/pixelcnnpp.mjs', format: 'es', sourcemap: true, inlineDynamicImports: true },
      { file: 'dist/pixelcnnpp.cjs', format: 'cjs', sourcemap: true, inlineDynamicImports: true, exports: 'named' },
    ],
  },
  {
    input: 'src/cli/main.ts',
    external: (id) => external(id) || id.startsWith('node:'),
    plugins,
    output: { file: 'dist/cli.mjs', format: 'es', sourcemap: true, inlineDynamicImports: true },
  },
  {
    input: 'src/training/gradient-worker.ts',
    external: (id) => external(id) || id.startsWith('node:'),
    plugins,
    output: { file: 'dist/gradient-worker.mjs', format: 'es', sourcemap: true, inlineDynamicImports: true },
  },
  {
    input: 'src/parallel/inference-worker.ts',
    external: (id) => external(id) || id.startsWith('node:'),
    plugins,
    output: { file: 'dist/inference-worker.mjs', format: 'es', sourcemap: true, inlineDynamicImports: true },
  },
  {
    input: 'src/index.ts',
    external,
    plugins: [stubNodeBuiltins(), ...plugins],
    output: { file: 'dist/pixelcnnpp.browser.mjs', format: 'es', sourcemap: true, inlineDynamicImports: true },
  },
];
