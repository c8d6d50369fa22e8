// Shared by the end-to-end tests (run by scripts/run-e2e.mjs, which packs the package and makes
// the projects these tests use).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with 'npm run test:e2e'`);
  return value;
}

export const e2e = {
  get tarball() {
    return required('E2E_TARBALL');
  },
  get packed() {
    return JSON.parse(required('E2E_PACKED'));
  },
  get nodeApp() {
    return required('E2E_NODE_APP');
  },
  get viteApp() {
    return required('E2E_VITE_APP');
  },
  get webpackApp() {
    return required('E2E_WEBPACK_APP');
  },
  get artifacts() {
    const dir = required('E2E_ARTIFACTS');
    mkdirSync(dir, { recursive: true });
    return dir;
  },
};

/** Runs `node args...` in `cwd` the way a user would (no test-only environment). */
export function node(cwd, args, { env = {}, timeout = 120_000 } = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('E2E_') && !k.startsWith('NODE_TEST')));
  return spawnSync(process.execPath, args, { cwd, env: { ...clean, ...env }, encoding: 'utf8', timeout });
}

/** Bytes under `dir`, as `du` counts them (file sizes, links not followed). */
export function sizeOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

export const MB = 1024 * 1024;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.safetensors': 'application/octet-stream',
};

/**
 * A static file server on 127.0.0.1 for `root`. `refuse(path)` answers 404 for paths it returns
 * true for; every request's path is kept in `requests`.
 */
export async function serveStatic(root, { refuse = () => false } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    requests.push(path);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || refuse(path) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Headless Chromium (Debian's), with SwiftShader's WebGPU as on a machine without a GPU. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
      '--use-angle=swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens `url` and waits for the page's `window.result`; adds the page's console and what it downloaded. */
export async function pageResult(browser, url, { timeout = 120_000, screenshot } = {}) {
  const page = await browser.newPage();
  const console = [];
  const downloads = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    downloads.push(
      response.body().then(
        (body) => ({ url: response.url(), status: response.status(), bytes: body.length }),
        () => ({ url: response.url(), status: response.status(), bytes: 0 }),
      ),
    );
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.result !== undefined, undefined, { timeout });
    const result = await page.evaluate(() => window.result);
    if (screenshot) await page.screenshot({ path: screenshot });
    return { ...result, console, downloads: await Promise.all(downloads) };
  } finally {
    await page.close();
  }
}
