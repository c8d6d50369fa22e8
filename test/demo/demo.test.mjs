// The demo page, built (`npm run demo:build`) and served as static files on 127.0.0.1 with the
// cross-origin-isolation headers, driven in headless Chromium. What the page shows is checked
// against the package itself in Node on the same backend: the same seed gives the same bytes.
// Screenshots go to test-results/demo/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import * as pixelcnnpp from 'pixelcnnpp';
import { serveStatic } from './static-server.mjs';

const { PixelCNNPP } = pixelcnnpp;
const DIST = new URL('../../demo/dist/', import.meta.url);
const SHOTS = new URL('../../test-results/demo/', import.meta.url);
const SIDE = 28;
const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The grey bytes (R channel) of every canvas matching `selector`. */
function readCanvases(page, selector) {
  return page.$$eval(selector, (canvases) =>
    canvases.map((canvas) => {
      const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      return Array.from({ length: rgba.length / 4 }, (_, p) => rgba[4 * p]);
    }),
  );
}

/** Image k of a uint8 NHWC batch as a plain array. */
const imageOf = (batch, k) => Array.from(batch.data.subarray(k * SIDE * SIDE, (k + 1) * SIDE * SIDE));

/** Scrolls section `id` to the top of the window, below the sticky header. */
function showSection(page, id) {
  return page.evaluate((section) => document.getElementById(section).scrollIntoView({ behavior: 'instant' }), id);
}

async function shot(page, name, options = {}) {
  if (options.fullPage !== false) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true, ...options });
}

describe('demo page (built, static, headless Chromium)', () => {
  let server;
  let browser;
  let page;
  let wasmModel;
  /** Console errors and uncaught exceptions in the page, and requests that left its origin. */
  const problems = [];

  before(async () => {
    assert.ok(existsSync(new URL('index.html', DIST)), 'demo/dist is missing: run `npm run demo:build` first');
    mkdirSync(SHOTS, { recursive: true });
    server = await serveStatic(DIST.pathname);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(server.url) && !url.startsWith('blob:') && !url.startsWith('data:')) problems.push(`request off the page's origin: ${url}`);
    });
    wasmModel = await PixelCNNPP.load(undefined, { backend: 'wasm' });
  });

  after(async () => {
    wasmModel?.dispose();
    await browser?.close();
    await server?.close();
  });

  it("loads on 'auto' (wasm: SwiftShader's WebGPU passed over, and why), cross-origin isolated, with no console errors and nothing fetched from elsewhere", async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-phase="ready"]', { timeout: 60_000 });
    assert.equal(await page.getAttribute('body', 'data-backend'), 'wasm');
    assert.match(await page.textContent('#status-text'), /Ready · WebAssembly/);
    assert.equal(await page.isChecked('input[name="backend"][value="auto"]'), true);
    // The Backend panel shows the package's report: every candidate, what became of it, and why.
    const report = await page.$$eval('#backend-report li', (items) =>
      items.map((li) => ({ backend: li.dataset.backend, status: li.dataset.status, shown: li.textContent })),
    );
    assert.deepEqual(report.map((r) => [r.backend, r.status]), [['webgpu', 'passed over'], ['wasm', 'chosen']]);
    assert.match(report[0].shown, /^WebGPU\s*Passed over\s*.*(SwiftShader|software)/i);
    assert.match(report[1].shown, /^WebAssembly\s*Chosen\s*\S/);
    assert.match(await page.textContent('#backend-how'), /^Auto tries WebGPU, then WebAssembly, then CPU/);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await page.isHidden('#fatal'), true);
    // Every control has a name a screen reader can announce.
    const unnamed = await page.$$eval('button, input, select', (elements) =>
      elements.filter((e) => !e.closest('[hidden]') && !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent.trim())).map((e) => e.outerHTML),
    );
    assert.deepEqual(unnamed, []);
    assert.deepEqual(problems, []);
  });

  it('samples digits row by row that match the package in Node byte for byte (class 7; any class)', async () => {
    // The page reports the rows drawn so far; record every value it takes.
    await page.evaluate(() => {
      window.rowsSeen = new Set();
      new MutationObserver(() => window.rowsSeen.add(document.getElementById('sample-grid').dataset.rows)).observe(
        document.getElementById('sample-grid'), { attributes: true, attributeFilter: ['data-rows'] });
    });
    await page.check('input[name="sample-class"][value="7"]', { force: true });
    await page.selectOption('#sample-count', '4');
    await page.fill('#sample-seed', '4242');
    // Temperature from the keyboard: 1.00 -> 0.80.
    await page.focus('#sample-temperature');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    assert.equal(await page.textContent('#sample-temperature-value'), '0.80');
    await page.click('#sample-run');
    await page.waitForSelector('#sample-grid[data-state="done"]', { timeout: 60_000 });
    const rowsSeen = await page.evaluate(() => window.rowsSeen.size);
    assert.ok(rowsSeen >= 20, `the digits grew row by row: ${rowsSeen} distinct row counts shown`);

    const shown = await readCanvases(page, '#sample-grid canvas');
    const expected = await wasmModel.sample({ seed: 4242, count: 4, labels: 7, temperature: 0.8 });
    assert.equal(shown.length, 4);
    shown.forEach((bytes, k) => assert.deepEqual(bytes, imageOf(expected, k), `digit ${k}`));
    assert.match(await page.textContent('#sample-note'), /Seed 4242/);

    // "Any": digit k has class k mod 10, as the package draws them without labels.
    await page.check('input[name="sample-class"][value="any"]', { force: true });
    await page.fill('#sample-seed', '77');
    await page.click('#sample-run');
    await page.waitForSelector('#sample-grid[data-state="done"]', { timeout: 60_000 });
    const anyShown = await readCanvases(page, '#sample-grid canvas');
    const anyExpected = await wasmModel.sample(77, { count: 4, temperature: 0.8 });
    assert.deepEqual(Array.from(anyExpected.labels), [0, 1, 2, 3]);
    anyShown.forEach((bytes, k) => assert.deepEqual(bytes, imageOf(anyExpected, k), `digit ${k} (any class)`));
    assert.deepEqual(await page.$$eval('#sample-grid figcaption', (c) => c.map((e) => e.textContent)), ['0', '1', '2', '3']);
    await shot(page, 'sample');
    assert.deepEqual(problems, []);
  });

  it('Stop aborts sampling within one row, and the page samples again afterwards', async () => {
    await page.selectOption('#sample-count', '16');
    await page.click('#sample-run');
    await page.waitForFunction(() => Number(document.getElementById('sample-grid').dataset.rows) >= 3, null, { timeout: 60_000 });
    // Read the rows drawn and press Stop in one turn of the page's event loop.
    const rowsAtStop = await page.evaluate(() => {
      const rows = Number(document.getElementById('sample-grid').dataset.rows);
      document.getElementById('sample-stop').click();
      return rows;
    });
    await page.waitForSelector('#sample-grid[data-state="stopped"]', { timeout: 10_000 });
    const rowsAfter = Number(await page.getAttribute('#sample-grid', 'data-rows'));
    assert.ok(rowsAfter <= rowsAtStop + 1, `stopped at row ${rowsAfter}, Stop pressed after row ${rowsAtStop}`);
    assert.ok(rowsAfter < SIDE);
    assert.match(await page.textContent('#sample-note'), new RegExp(`Stopped after row ${rowsAfter} of 28`));
    assert.equal(await page.isDisabled('#sample-stop'), true);

    await page.selectOption('#sample-count', '1');
    await page.click('#sample-run');
    await page.waitForSelector('#sample-grid[data-state="done"]', { timeout: 60_000 });
    assert.deepEqual(problems, []);
  });

  it('completes a digit drawn with the mouse, keeping the drawn rows exactly (and as the package does in Node)', async () => {
    await showSection(page, 'complete');
    await page.locator('#complete-pad').scrollIntoViewIfNeeded();
    const box = await page.locator('#complete-pad').boundingBox();
    const at = (x, y) => [box.x + (x / SIDE) * box.width, box.y + (y / SIDE) * box.height];
    // The top of a 7: a bar and the start of its stem.
    await page.mouse.move(...at(7, 6));
    await page.mouse.down();
    await page.mouse.move(...at(20, 6), { steps: 12 });
    await page.mouse.move(...at(15, 14), { steps: 12 });
    await page.mouse.up();
    // Keep 12 rows (from the keyboard: 14 -> 12), five completions, the class guessed.
    await page.focus('#complete-rows');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.textContent('#complete-rows-value'), '12');
    await page.fill('#complete-seed', '9');
    await page.click('#complete-run');
    await page.waitForSelector('#complete-grid[data-state="done"]', { timeout: 60_000 });

    const [drawing] = await readCanvases(page, '#complete-pad');
    const inked = drawing.slice(0, 12 * SIDE).filter((v) => v > 0).length;
    assert.ok(inked > 20, `the drawing has ink in the kept rows (${inked} pixels)`);
    const completions = await readCanvases(page, '#complete-grid canvas');
    assert.equal(completions.length, 5);
    for (const [k, c] of completions.entries()) assert.deepEqual(c.slice(0, 12 * SIDE), drawing.slice(0, 12 * SIDE), `completion ${k} keeps rows 1-12`);
    const lower = new Set(completions.map((c) => c.slice(12 * SIDE).join()));
    assert.ok(lower.size > 1, 'the completions differ below the kept rows');

    // "Guess" is the package's complete without labels: the same classes and the same bytes.
    const captions = await page.$$eval('#complete-grid figcaption', (c) => c.map((e) => e.textContent));
    const copies = new Uint8Array(5 * SIDE * SIDE);
    for (let k = 0; k < 5; k++) copies.set(drawing, k * SIDE * SIDE);
    const expected = await wasmModel.complete({ data: copies, shape: [5, SIDE, SIDE, 1] }, { knownRows: 12, seed: 9 });
    assert.deepEqual(captions, Array.from(expected.labels, (label) => `as a ${label}`));
    completions.forEach((c, k) => assert.deepEqual(c, imageOf(expected, k), `completion ${k} as a ${expected.labels[k]}`));
    assert.match(await page.textContent('#complete-posterior'), /Given its top 12 rows, this could be a \d/);

    await showSection(page, 'complete');
    await shot(page, 'complete-drawn', { fullPage: false });

    // A held-out digit picked from the keyboard replaces the drawing, and completes the same way.
    await page.focus('#complete-examples button:nth-child(8)');
    await page.keyboard.press('Enter');
    const [picked] = await readCanvases(page, '#complete-pad');
    assert.notDeepEqual(picked, drawing);
    await page.click('#complete-run');
    await page.waitForSelector('#complete-grid[data-state="done"]', { timeout: 60_000 });
    for (const c of await readCanvases(page, '#complete-grid canvas')) assert.deepEqual(c.slice(0, 12 * SIDE), picked.slice(0, 12 * SIDE));
    await showSection(page, 'complete');
    await shot(page, 'complete-held-out', { fullPage: false });
    assert.deepEqual(problems, []);
  });

  it('shows where the bits go; a letter, noise and an inverted digit score worse than a held-out digit', async () => {
    await showSection(page, 'surprise');
    const score = async (name) => {
      await page.locator('.tile', { hasText: name }).click();
      await page.waitForSelector('#surprise-heat[data-state="done"]', { timeout: 60_000 });
      return {
        bitsPerDim: Number(await page.getAttribute('#surprise-heat', 'data-bits-per-dim')),
        label: Number(await page.textContent('#surprise-class')),
        verdict: await page.textContent('#surprise-verdict'),
      };
    };
    const digit = await score('Held-out 3');
    const [image] = await readCanvases(page, '#surprise-image');
    const heat = await page.$eval('#surprise-heat', (canvas) => Array.from(canvas.getContext('2d').getImageData(0, 0, 28, 28).data));

    // The same figures computed independently in Node from the ten class-conditional
    // likelihoods: bits/dim of the marginal over the classes, and the most likely class.
    const input = { data: Uint8Array.from(image), shape: [1, SIDE, SIDE, 1] };
    const perClass = [];
    for (let c = 0; c < 10; c++) perClass.push((await wasmModel.logProb(input, { labels: [c] })).nats[0]);
    const best = perClass.indexOf(Math.max(...perClass));
    const logSum = perClass[best] + Math.log(perClass.reduce((s, v) => s + Math.exp(v - perClass[best]), 0));
    const bitsPerDim = -(logSum - Math.log(10)) / (SIDE * SIDE * Math.LN2);
    assert.equal(digit.label, best);
    assert.ok(Math.abs(digit.bitsPerDim - bitsPerDim) < 1e-6, `page ${digit.bitsPerDim}, Node ${bitsPerDim}`);
    assert.equal(digit.verdict, 'Looks like a digit');

    // The heat map: brighter where the package's map (classes summed out) says the pixel cost more bits.
    const map = await wasmModel.logProbMap(input);
    assert.ok(Math.abs(map.bitsPerDim[0] - bitsPerDim) < 1e-6);
    const bits = Array.from(map.data, (nats) => Math.min(8, -nats / Math.LN2));
    const luminance = Array.from({ length: SIDE * SIDE }, (_, p) => 0.2126 * heat[4 * p] + 0.7152 * heat[4 * p + 1] + 0.0722 * heat[4 * p + 2]);
    const correlation = pearson(bits, luminance);
    assert.ok(correlation > 0.9, `heat map brightness follows the bits (r = ${correlation.toFixed(3)})`);
    assert.ok(new Set(luminance.map(Math.round)).size > 20, 'the heat map is not flat');
    await shot(page, 'surprise-digit', { fullPage: false });

    for (const name of ['Letter A', 'Noise', 'Inverted 3']) {
      const other = await score(name);
      assert.ok(other.bitsPerDim > digit.bitsPerDim, `${name}: ${other.bitsPerDim} bits/dim, held-out 3: ${digit.bitsPerDim}`);
    }
    // Noise and the inverted digit cost more than any of the 1,000 held-out digits.
    for (const name of ['Inverted 3', 'Noise']) assert.equal((await score(name)).verdict, 'Not like any digit', name);
    assert.match(await page.textContent('#surprise-note'), /Noise: \d+ bits in all, more than every one of the 1,000 held-out digits/);
    await shot(page, 'surprise-noise', { fullPage: false });

    // A drawing is scored when the pen lifts, as its own tile.
    await page.locator('#surprise-pad').scrollIntoViewIfNeeded();
    const box = await page.locator('#surprise-pad').boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 10 });
    await page.mouse.up();
    await page.waitForSelector('.tile[data-id="drawing"]:not([hidden])[aria-checked="true"]');
    await page.waitForSelector('#surprise-heat[data-state="done"]', { timeout: 60_000 });
    assert.match(await page.textContent('.tile[data-id="drawing"] .tile-score'), /\d\.\d\d bits\/dim/);
    assert.deepEqual(problems, []);
  });

  it('switches backend (cpu, webgl, webgpu, back to auto), reports what runs and why, and times a digit on each', async () => {
    await showSection(page, 'backend');
    await page.check('input[name="backend"][value="cpu"]', { force: true });
    await page.waitForSelector('body[data-phase="ready"][data-backend="cpu"]', { timeout: 60_000 });
    assert.match(await page.textContent('#status-text'), /Ready · CPU/);
    assert.equal(await page.textContent('#backend-name'), 'CPU');
    assert.match(await page.textContent('#backend-report'), /CPU\s*Chosen/);

    // A digit on cpu in the page is the package's digit on cpu in Node.
    await page.click('#backend-time');
    await page.waitForFunction(() => /^One digit in .* on cpu\.$/.test(document.getElementById('backend-note').textContent), null, { timeout: 120_000 });
    assert.equal(await page.isVisible('#backend-timings tr[data-backend="cpu"]'), true);
    await showSection(page, 'sample');
    await page.check('input[name="sample-class"][value="2"]', { force: true });
    await page.selectOption('#sample-count', '1');
    await page.fill('#sample-seed', '5');
    await page.click('#sample-run');
    await page.waitForSelector('#sample-grid[data-state="done"]', { timeout: 120_000 });
    const [onCpu] = await readCanvases(page, '#sample-grid canvas');
    const cpuModel = await PixelCNNPP.load(undefined, { backend: 'cpu' });
    try {
      assert.deepEqual(onCpu, imageOf(await cpuModel.sample({ seed: 5, labels: 2, temperature: 0.8 }), 0));
    } finally {
      cpuModel.dispose();
    }

    // WebGL: tfjs's backend plugged in with tfjsBackend('webgl').
    await page.check('input[name="backend"][value="webgl"]', { force: true });
    await page.waitForSelector('body[data-phase="ready"][data-backend="webgl"]', { timeout: 60_000 });
    assert.equal(await page.textContent('#backend-name'), 'WebGL');
    assert.match(await page.textContent('#backend-report'), /WebGL\s*Chosen/);
    assert.match(await page.textContent('#backend-how'), /WebGL was asked for by name/);

    // WebGPU (SwiftShader here, far too slow to sample with): it starts and says on what adapter.
    await page.check('input[name="backend"][value="webgpu"]', { force: true });
    await page.waitForSelector('body[data-phase="ready"][data-backend="webgpu"]', { timeout: 60_000 });
    assert.equal(await page.textContent('#backend-name'), 'WebGPU');
    assert.match(await page.textContent('#backend-report'), /WebGPU\s*Chosen/);
    assert.notEqual(await page.textContent('#backend-info'), '–');

    // Back to 'auto': wasm again, with WebGPU (SwiftShader) passed over.
    await page.check('input[name="backend"][value="auto"]', { force: true });
    await page.waitForSelector('body[data-phase="ready"][data-backend="wasm"]', { timeout: 60_000 });
    assert.deepEqual(await page.$$eval('#backend-report li', (items) => items.map((li) => li.dataset.status)), ['passed over', 'chosen']);
    await page.click('#backend-time');
    await page.waitForFunction(() => /^One digit in .* on wasm\.$/.test(document.getElementById('backend-note').textContent), null, { timeout: 60_000 });
    assert.equal(await page.isVisible('#backend-timings tr[data-backend="wasm"]'), true);
    await showSection(page, 'backend');
    await shot(page, 'backend', { fullPage: false });
    assert.deepEqual(problems, []);
  });

  it('looks finished on a phone-sized window', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const phoneProblems = [];
    phone.on('console', (m) => m.type() === 'error' && phoneProblems.push(m.text()));
    phone.on('pageerror', (e) => phoneProblems.push(e.message));
    await phone.goto(`${server.url}?backend=wasm`);
    await phone.waitForSelector('body[data-phase="ready"]', { timeout: 60_000 });
    // Nothing wider than the screen.
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 390);
    // A finger draws on the pad.
    const box = await phone.locator('#complete-pad').boundingBox();
    const client = await phone.context().newCDPSession(phone);
    const touch = async (type, x, y) => client.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    await phone.locator('#complete-pad').scrollIntoViewIfNeeded();
    const padBox = await phone.locator('#complete-pad').boundingBox();
    await touch('touchStart', padBox.x + padBox.width * 0.3, padBox.y + padBox.height * 0.3);
    for (let i = 1; i <= 8; i++) await touch('touchMove', padBox.x + padBox.width * (0.3 + i * 0.05), padBox.y + padBox.height * 0.3);
    await touch('touchEnd');
    const [drawn] = await readCanvases(phone, '#complete-pad');
    assert.ok(box.width > 200 && drawn.some((v) => v > 0), 'a touch stroke inks the pad');
    await phone.click('#sample-run');
    await phone.waitForSelector('#sample-grid[data-state="done"]', { timeout: 60_000 });
    await shot(phone, 'phone');
    for (const id of ['sample', 'complete', 'surprise', 'backend']) {
      await showSection(phone, id);
      await shot(phone, `phone-${id}`, { fullPage: false });
    }
    assert.deepEqual(phoneProblems, []);
    await phone.close();
  });

  it('works from a host that sends no isolation headers, on one thread', async () => {
    const plain = await serveStatic(DIST.pathname, { isolate: false });
    const single = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const singleProblems = [];
    single.on('console', (m) => m.type() === 'error' && singleProblems.push(m.text()));
    single.on('pageerror', (e) => singleProblems.push(e.message));
    try {
      await single.goto(`${plain.url}?backend=wasm`);
      await single.waitForSelector('body[data-phase="ready"]', { timeout: 60_000 });
      assert.equal(await single.evaluate(() => crossOriginIsolated), false);
      assert.match(await single.textContent('#backend-isolation'), /^No: wasm runs on one thread/);
      await single.check('input[name="sample-class"][value="4"]', { force: true });
      await single.selectOption('#sample-count', '1');
      await single.fill('#sample-seed', '31');
      await single.click('#sample-run');
      await single.waitForSelector('#sample-grid[data-state="done"]', { timeout: 60_000 });
      const [shown] = await readCanvases(single, '#sample-grid canvas');
      assert.deepEqual(shown, imageOf(await wasmModel.sample({ seed: 31, labels: 4 }), 0));
      assert.deepEqual(singleProblems, []);
    } finally {
      await single.close();
      await plain.close();
    }
  });

  it('says in one sentence that the model cannot run where no backend can start', async () => {
    // No WebGPU adapter (no --enable-unsafe-webgpu) and WebAssembly turned off, as some
    // browsers allow (iOS Lockdown Mode, enterprise policies): nothing here can run the model.
    const bare = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu') });
    try {
      const lost = await bare.newPage({ viewport: { width: 1280, height: 900 } });
      await lost.addInitScript(() => delete globalThis.WebAssembly);
      const uncaught = [];
      lost.on('pageerror', (e) => uncaught.push(e.message));
      await lost.goto(server.url);
      await lost.waitForSelector('body[data-phase="failed"]', { timeout: 60_000 });
      const sentence = await lost.textContent('#fatal');
      assert.equal(sentence, 'This browser cannot run the model: it needs WebAssembly, which is turned off or missing here.');
      assert.equal(await lost.isVisible('#fatal'), true);
      assert.match(await lost.textContent('#status-text'), /Cannot run here/);
      assert.equal(await lost.isDisabled('#sample-run'), true);
      assert.deepEqual(uncaught, []);
      await shot(lost, 'no-backend', { fullPage: false });
    } finally {
      await bare.close();
    }
  });

  it('logged no console errors over the whole session (desktop screenshot, also docs/demo.png)', async () => {
    await page.check('input[name="sample-class"][value="any"]', { force: true });
    await page.selectOption('#sample-count', '16');
    await page.fill('#sample-seed', '2017');
    await page.click('#sample-run');
    await page.waitForSelector('#sample-grid[data-state="done"]', { timeout: 60_000 });
    await page.locator('.tile', { hasText: 'Inverted 3' }).click();
    await page.waitForSelector('#surprise-heat[data-state="done"]', { timeout: 60_000 });
    await shot(page, 'desktop');
    assert.deepEqual(problems, []);
  });
});

function pearson(a, b) {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}
