// @node-only: the command line reads and writes files.
// train (with resume), sample, logprob and complete end to end on a small PNG folder, the
// PNG reader, --help and the exit codes scripts rely on.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { main } from '../../../src/cli/main.js';
import { decodePNG } from '../../../src/cli/png-decode.js';
import { PixelCNNPP, parseSafetensors, toPNG } from '../../../src/index.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, run: (argv: string[]) => main(argv, (l) => out.push(l), (l) => err.push(l)) };
}

/** An 8x8 grayscale bar: vertical for class 'a', horizontal for class 'b'. */
function bar(vertical: boolean, at: number, random: () => number): Uint8Array {
  const data = new Uint8Array(64);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) data[y * 8 + x] = (vertical ? x === at : y === at) ? 250 - Math.floor(random() * 5) : Math.floor(random() * 5);
  return data;
}

describe('pixelcnnpp train, sample, logprob, complete', () => {
  let dir: string;
  const model = () => join(dir, 'model.safetensors');
  const checkpoint = () => join(dir, 'model.ckpt.safetensors');
  const fast = ['--nr-filters', '8', '--nr-logistic-mix', '2', '--batch-size', '8', '--backend', 'wasm'];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pixelcnnpp-cli-'));
    const random = mulberry32(1);
    for (const [cls, vertical] of [['a', true], ['b', false]] as const) {
      await mkdir(join(dir, 'data', cls), { recursive: true });
      for (let i = 0; i < 8; i++) {
        await writeFile(join(dir, 'data', cls, `${i}.png`), await toPNG({ data: bar(vertical, i, random), shape: [1, 8, 8, 1] }));
      }
    }
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('train writes the model and a checkpoint each epoch; --resume continues the count', async () => {
    const first = capture();
    assert.equal(await first.run(['train', '--data', join(dir, 'data'), '--out', model(), '--epochs', '1', '--workers', '1', ...fast]), 0, first.err.join('\n'));
    assert.match(first.out.join('\n'), /2 classes on 16 images/);
    assert.doesNotMatch(first.out.join('\n'), /threads share each batch/);
    assert.match(first.out.join('\n'), /epoch 1: train \d+\.\d+ bits\/dim/);
    const file = parseSafetensors(new Uint8Array(await readFile(checkpoint())));
    assert.match(file.metadata['pixelcnnpp.training']!, /"epoch":1/);

    // The resumed run with two threads and without dropout.
    const second = capture();
    const resume = ['--epochs', '2', '--resume', checkpoint(), '--backend', 'wasm', '--workers', '2', '--dropout', '0'];
    assert.equal(await second.run(['train', '--data', join(dir, 'data'), '--out', model(), ...resume]), 0, second.err.join('\n'));
    assert.match(second.out.join('\n'), /2 threads share each batch/);
    assert.doesNotMatch(second.out.join('\n'), /epoch 1:/);
    assert.match(second.out.join('\n'), /epoch 2: train/);
    const loaded = await PixelCNNPP.load(new Uint8Array(await readFile(model())), { backend: 'cpu' });
    assert.equal(loaded.config.numClasses, 2);
    loaded.dispose();
  });

  it('sample writes a grid PNG, the same for the same seed and any number of --workers', async () => {
    const outPath = join(dir, 'grid.png');
    const a = capture();
    assert.equal(await a.run(['sample', '--model', model(), '--count', '4', '--seed', '9', '--out', outPath, '--backend', 'wasm']), 0, a.err.join('\n'));
    assert.match(a.out[0]!, /4 images, seed 9, labels 0-1/);
    const first = await readFile(outPath);
    const image = decodePNG(new Uint8Array(first));
    assert.deepEqual([image.width, image.height, image.channels], [18, 18, 1], '2x2 grid of 8x8 with 2-pixel gaps');
    assert.equal((await capture().run(['sample', '--model', model(), '--count', '4', '--seed', '9', '--out', outPath, '--backend', 'wasm'])), 0);
    assert.deepEqual(await readFile(outPath), first);
    for (const workers of ['1', '3']) {
      assert.equal((await capture().run(['sample', '--model', model(), '--count', '4', '--seed', '9', '--out', outPath, '--backend', 'wasm', '--workers', workers])), 0);
      assert.deepEqual(await readFile(outPath), first, `--workers ${workers}`);
    }
    const bad = capture();
    assert.equal(await bad.run(['sample', '--model', model(), '--out', outPath, '--workers', '0']), 2);
    assert.match(bad.err.join('\n'), /--workers: expected an integer >= 1/);
  });

  it('logprob prints per-file nats and bits/dim; without --label it marginalises over the classes', async () => {
    const files = [join(dir, 'data', 'a', '0.png'), join(dir, 'data', 'b', '3.png')];
    const c = capture();
    assert.equal(await c.run(['logprob', ...files, '--model', model(), '--json', '--backend', 'wasm']), 0, c.err.join('\n'));
    const rows = JSON.parse(c.out.join('\n')) as Array<{ file: string; nats: number; bitsPerDim: number; likelyClass: number }>;
    assert.equal(rows.length, 2);
    const m = await PixelCNNPP.load(new Uint8Array(await readFile(model())), { backend: 'wasm' });
    const images = { data: new Uint8Array(128), shape: [2, 8, 8, 1] as const };
    for (const [i, f] of files.entries()) images.data.set(decodePNG(new Uint8Array(await readFile(f))).data, i * 64);
    const byClass = [await m.logProb(images, { labels: [0, 0] }), await m.logProb(images, { labels: [1, 1] })];
    m.dispose();
    for (const [i, row] of rows.entries()) {
      const [p0, p1] = [byClass[0]!.nats[i]!, byClass[1]!.nats[i]!];
      const marginal = Math.max(p0, p1) + Math.log(Math.exp(p0 - Math.max(p0, p1)) + Math.exp(p1 - Math.max(p0, p1))) - Math.log(2);
      assert.ok(Math.abs(row.nats - marginal) < 1e-6, `${row.nats} vs ${marginal}`);
      assert.ok(Math.abs(row.bitsPerDim + row.nats / (64 * Math.LN2)) < 1e-12);
      assert.equal(row.likelyClass, p0 >= p1 ? 0 : 1);
    }
    const labelled = capture();
    assert.equal(await labelled.run(['logprob', files[0]!, '--model', model(), '--label', '1', '--backend', 'wasm']), 0);
    assert.match(labelled.out[0]!, new RegExp(`0\\.png: ${byClass[1]!.nats[0]!.toFixed(2).replace('.', '\\.')} nats`));
  });

  it('complete keeps the given rows and samples the rest', async () => {
    const outPath = join(dir, 'done.png');
    const c = capture();
    assert.equal(await c.run(['complete', join(dir, 'data', 'a', '2.png'), '--rows', '3', '--count', '2', '--label', '0', '--seed', '4', '--out', outPath, '--model', model(), '--backend', 'wasm']), 0, c.err.join('\n'));
    const image = decodePNG(new Uint8Array(await readFile(outPath)));
    assert.deepEqual([image.width, image.height], [3 * 8 + 2 * 2, 8]);
    const original = decodePNG(new Uint8Array(await readFile(join(dir, 'data', 'a', '2.png')))).data;
    for (const k of [1, 2]) {
      for (let y = 0; y < 3; y++) {
        for (let x = 0; x < 8; x++) assert.equal(image.data[y * image.width + k * 10 + x], original[y * 8 + x], `completion ${k} keeps (${y}, ${x})`);
      }
    }
  });

  it('--help for every command; usage errors exit 2, failures 1, each in one line', async () => {
    for (const command of ['sample', 'logprob', 'complete', 'train', 'convert']) {
      const c = capture();
      assert.equal(await c.run([command, '--help']), 0);
      assert.match(c.out.join('\n'), new RegExp(`^Usage: pixelcnnpp ${command}`));
    }
    const top = capture();
    assert.equal(await top.run([]), 2);
    assert.match(top.out.join('\n'), /sample .*\n.*logprob/s);
    const cases: Array<[string[], number, RegExp]> = [
      [['frobnicate'], 2, /unknown command 'frobnicate'/],
      [['sample'], 2, /--out is required/],
      [['sample', '--out', join(dir, 'x.png'), '--model', model(), '--label', '7'], 2, /--label: expected a class in \[0, 1\], got 7/],
      [['sample', '--out', join(dir, 'x.png'), '--count', 'many'], 2, /--count: expected an integer >= 1, got 'many'/],
      [['sample', '--out', join(dir, 'x.png'), '--backend', 'tpu'], 2, /--backend: expected one of/],
      [['complete', join(dir, 'data', 'a', '2.png'), '--out', join(dir, 'x.png'), '--model', model()], 2, /--rows is required/],
      [['logprob', join(dir, 'missing.png'), '--model', model()], 1, /missing\.png/],
      [['logprob', join(dir, 'model.safetensors'), '--model', model()], 1, /not a PNG/],
      [['sample', '--out', join(dir, 'x.png'), '--model', join(dir, 'nope.safetensors')], 1, /nope\.safetensors/],
      [['train', '--data', join(dir, 'nothing-here'), '--out', join(dir, 'y.safetensors')], 1, /nothing-here/],
      // A misspelt option is refused before any work, not ignored.
      [['train', '--data', 'mnist', '--epoch', '3', '--out', join(dir, 'y.safetensors')], 2, /unknown option '--epoch'; did you mean '--epochs'\?/],
      [['logprob', join(dir, 'data', 'a', '2.png'), '--jsn'], 2, /unknown option '--jsn'; did you mean '--json'\?/],
      [['logprob', join(dir, 'data', 'a', '2.png'), '--json=yes'], 2, /--json takes no value/],
      [['sample', '--out', join(dir, 'x.png'), '--colour', 'red'], 2, /unknown option '--colour'\. See/],
      [['convert', 'in.safetensors', 'out.safetensors', '--rows', '3'], 2, /unknown option '--rows'/],
    ];
    for (const [argv, code, message] of cases) {
      const c = capture();
      assert.equal(await c.run(argv), code, `${argv.join(' ')}: ${c.err.join('|')}`);
      assert.equal(c.err.length, 1, `${argv.join(' ')}: one line`);
      assert.match(c.err[0]!, message);
      assert.doesNotMatch(c.err[0]!, /\n/);
    }
    await assert.rejects(stat(join(dir, 'x.png')), 'nothing written on failure');
  });
});

describe('decodePNG', () => {
  /** PNG bytes with every row filtered by `filter` (0-4), to exercise the reader's unfiltering. */
  function encode(data: Uint8Array, width: number, height: number, colorType: number, bpp: number, filter: number): Uint8Array {
    const stride = width * bpp;
    const raw = new Uint8Array(height * (stride + 1));
    for (let y = 0; y < height; y++) {
      raw[y * (stride + 1)] = filter;
      for (let i = 0; i < stride; i++) {
        const x = data[y * stride + i]!;
        const a = i >= bpp ? data[y * stride + i - bpp]! : 0;
        const b = y > 0 ? data[(y - 1) * stride + i]! : 0;
        const c = y > 0 && i >= bpp ? data[(y - 1) * stride + i - bpp]! : 0;
        const p = a + b - c;
        const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
        raw[y * (stride + 1) + 1 + i] = (x - predictor) & 0xff;
      }
    }
    const chunk = (type: string, body: Uint8Array) => {
      const out = new Uint8Array(12 + body.length);
      new DataView(out.buffer).setUint32(0, body.length);
      out.set([...type].map((ch) => ch.charCodeAt(0)), 4);
      out.set(body, 8);
      return out; // the reader does not check CRCs
    };
    const header = new Uint8Array(13);
    new DataView(header.buffer).setUint32(0, width);
    new DataView(header.buffer).setUint32(4, height);
    header[8] = 8;
    header[9] = colorType;
    const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())];
    return Uint8Array.from(parts.flatMap((p) => [...p]));
  }

  it('reads every row filter, grayscale, RGB and RGBA (alpha dropped)', () => {
    const random = mulberry32(3);
    const rgba = Uint8Array.from({ length: 5 * 4 * 4 }, () => Math.floor(random() * 256));
    for (let filter = 0; filter <= 4; filter++) {
      const gray = rgba.subarray(0, 20);
      assert.deepEqual(decodePNG(encode(gray, 5, 4, 0, 1, filter)).data, gray, `gray, filter ${filter}`);
      const rgb = rgba.subarray(0, 60);
      assert.deepEqual(decodePNG(encode(rgb, 5, 4, 2, 3, filter)).data, rgb, `rgb, filter ${filter}`);
      const decoded = decodePNG(encode(rgba, 5, 4, 6, 4, filter));
      assert.equal(decoded.channels, 3);
      assert.deepEqual(decoded.data, Uint8Array.from({ length: 60 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)]!));
    }
  });

  it('round-trips toPNG and rejects what it cannot read', async () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 * 3 }, (_, i) => (i * 37) % 256);
    const decoded = decodePNG(await toPNG({ data, shape: [1, 3, 8, 3] }));
    assert.deepEqual([decoded.width, decoded.height, decoded.channels], [8, 3, 3]);
    assert.deepEqual(decoded.data, data);
    assert.throws(() => decodePNG(new Uint8Array([1, 2, 3]), 'x.png'), /x\.png: not a PNG this reader handles \(no PNG signature\)/);
  });
});
