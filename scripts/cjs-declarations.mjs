// CommonJS declarations for `require('pixelcnnpp')` under TypeScript's `module: node16`/`nodenext`:
// the package is `type: module`, so types/*.d.ts describe ES modules, which a CommonJS file may
// not import (TS1479). This copies types/ to dist/types-cjs/ as .d.cts files, relative imports
// rewritten from './x.js' to './x.cjs'; package.json's `require` condition points there.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'types');
const to = join(root, 'dist/types-cjs');

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return path.endsWith('.d.ts') ? [path] : [];
  });
}

// './x.js' / '../y/z.js' in `from '…'`, `import('…')` and `export … from '…'`.
const RELATIVE_JS = /(['"])(\.{1,2}\/[^'"]*?)\.js\1/g;

rmSync(to, { recursive: true, force: true });
const files = collect(from);
for (const file of files) {
  const target = join(to, relative(from, file)).replace(/\.d\.ts$/, '.d.cts');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, readFileSync(file, 'utf8').replace(RELATIVE_JS, '$1$2.cjs$1'));
}
console.log(`${files.length} CommonJS declaration files in ${relative(root, to)}/`);
