// Bundles the browser-capable unit tests into build/browser/tests.js for karma. Each
// test/unit/**/*.test.ts runs in the browser too unless its first lines say `@node-only`
// (`@browser-only` files run here and not under Node).
// node:test and node:assert map to mocha and the npm port of assert; fixtures are inlined.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'build/browser');

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return path.endsWith('.test.ts') ? [path] : [];
  });
}

const isNodeOnly = (file) => readFileSync(file, 'utf8').split('\n', 5).some((line) => line.includes('@node-only'));
// TEST_FILTER=a,b keeps the files whose path contains one of the words (all files when unset).
const filter = (process.env.TEST_FILTER ?? '').split(',').filter(Boolean);
const files = collect(join(root, 'test/unit'))
  .filter((f) => !isNodeOnly(f) && (filter.length === 0 || filter.some((word) => f.includes(word))))
  .sort();

mkdirSync(outDir, { recursive: true });
const entry = join(outDir, 'entry.ts');
writeFileSync(
  entry,
  ["import '../../test/browser/setup.ts';", ...files.map((f) => `import '${relative(outDir, f)}';`)].join('\n') + '\n',
);

const browserShims = {
  name: 'browser-shims',
  setup(b) {
    const shim = (file) => ({ path: join(root, 'test/browser', file) });
    b.onResolve({ filter: /^node:test$/ }, () => shim('node-test-shim.ts'));
    b.onResolve({ filter: /^node:assert(\/strict)?$/ }, () => shim('node-assert-shim.ts'));
    b.onResolve({ filter: /helpers\/fixtures(\.js|\.ts)?$/ }, () => shim('fixtures.ts'));
    b.onResolve({ filter: /helpers\/pth-fixtures(\.js|\.ts)?$/ }, () => shim('pth-fixtures.ts'));
  },
};

await build({
  entryPoints: [entry],
  outfile: join(outDir, 'tests.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  sourcemap: 'inline',
  loader: { '.u8': 'binary', '.safetensors': 'binary', '.pth': 'binary' },
  define: { 'process.env.NODE_DEBUG': 'false', 'process.env.NODE_ENV': '"test"' },
  plugins: [browserShims],
  // The package is sideEffects: false, but test files are imported for their side effects.
  ignoreAnnotations: true,
  logLevel: 'warning',
});
console.log(`browser bundle: ${files.length} test files`);
