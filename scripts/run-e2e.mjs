// The end-to-end suite, on the package as users get it: builds and packs it (npm pack), installs
// the tarball into fresh projects with README's install lines (a Node project: `npm i pixelcnnpp`;
// a Vite app and a webpack app: the same plus the optional WebGPU backend and the bundler), then runs
// test/e2e/*.test.mjs against them. Installs share npm's cache (--prefer-offline), so only the
// first run on a machine downloads. E2E_KEEP=1 keeps the projects (their folder is printed).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const consumers = join(root, 'test/e2e/consumers');
const work = mkdtempSync(join(tmpdir(), 'pixelcnnpp-e2e-'));
const started = Date.now();

function run(command, args, cwd, { capture = false } = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}`);
  return result.stdout;
}

function step(label, fn) {
  const t = Date.now();
  const value = fn();
  console.log(`e2e: ${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return value;
}

const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** A project folder with `package.json` and the consumer files, `[from, to]` (a folder's content or a file). */
function project(name, packageJson, files) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, ...packageJson }, null, 2));
  for (const [from, to] of files) cpSync(join(consumers, from), join(dir, to), { recursive: true });
  return dir;
}

let status = 1;
try {
  step('build', () => run('npm', ['run', 'build', '--silent'], root, { capture: true }));
  const [packed] = step('npm pack', () => JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root, { capture: true })));
  const tarball = join(work, packed.filename);

  // The Node scripts, the TypeScript checks and the plain <script type=module> page (the Vite app's
  // code, served with node_modules) share one `npm i pixelcnnpp`.
  const nodeApp = project('node-app', {}, [
    ['node', '.'],
    ['typescript', '.'],
    ['plain', '.'],
    ['vite/main.js', 'main.js'],
  ]);
  step('node-app: npm i pixelcnnpp', () => run('npm', [...NPM_INSTALL, tarball], nodeApp));

  const viteApp = project('vite-app', { type: 'module' }, [['vite', '.']]);
  step('vite-app: npm i pixelcnnpp @tensorflow/tfjs-backend-webgpu', () => run('npm', [...NPM_INSTALL, tarball, '@tensorflow/tfjs-backend-webgpu@^4.22.0'], viteApp));
  step('vite-app: npm i -D -E vite@8.3.8', () => run('npm', [...NPM_INSTALL, '-D', '-E', 'vite@8.3.8'], viteApp));

  const webpackApp = project('webpack-app', { type: 'module' }, [
    ['webpack', '.'],
    ['vite/main.js', 'main.js'],
  ]);
  step('webpack-app: npm i pixelcnnpp @tensorflow/tfjs-backend-webgpu', () => run('npm', [...NPM_INSTALL, tarball, '@tensorflow/tfjs-backend-webgpu@^4.22.0'], webpackApp));
  step('webpack-app: npm i -D -E webpack@5.113.0', () => run('npm', [...NPM_INSTALL, '-D', '-E', 'webpack@5.113.0'], webpackApp));

  const tests = readdirSync(join(root, 'test/e2e'))
    .filter((f) => f.endsWith('.test.mjs'))
    .sort()
    .map((f) => join(root, 'test/e2e', f));
  const env = {
    ...process.env,
    E2E_TARBALL: tarball,
    E2E_PACKED: JSON.stringify({ size: packed.size, unpackedSize: packed.unpackedSize, entryCount: packed.entryCount }),
    E2E_NODE_APP: nodeApp,
    E2E_VITE_APP: viteApp,
    E2E_WEBPACK_APP: webpackApp,
    E2E_ARTIFACTS: join(root, 'build/e2e'),
  };
  const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...tests], { cwd: root, env, stdio: 'inherit' });
  status = result.status ?? 1;
} catch (err) {
  console.error(`e2e: ${err.message}`);
} finally {
  console.log(`e2e: ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (process.env.E2E_KEEP) console.log(`e2e: projects kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(status);
