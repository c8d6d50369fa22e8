// @node-only: the command line's files, exit codes and signals.
// Bad option values are usage errors naming the flag (exit 2) before any work; the output path is
// checked before the work; an interrupted train leaves no half-written file; logprob scores the
// readable files and reports the others; --version.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { toPNG } from '../../../src/index.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, run: (argv: string[]) => main(argv, (l) => out.push(l), (l) => err.push(l)) };
}

describe('pixelcnnpp: hostile arguments and interruptions', () => {
  let dir: string;
  const data = () => join(dir, 'data');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pixelcnnpp-cli-hardening-'));
    const random = mulberry32(5);
    await mkdir(data());
    for (let i = 0; i < 4; i++) {
      const image = Uint8Array.from({ length: 64 }, () => Math.floor(random() * 256));
      await writeFile(join(data(), `${i}.png`), await toPNG({ data: image, shape: [1, 8, 8, 1] }));
    }
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('option values the library would refuse are usage errors naming the flag (exit 2)', async () => {
    const out = join(dir, 'x.png');
    const trainArgs = ['train', '--data', data(), '--out', join(dir, 'm.safetensors')];
    const cases: Array<[string[], RegExp]> = [
      [['sample', '--out', out, '--seed', '-1'], /--seed: expected an integer in \[0, 2\^53 - 1\], got '-1'/],
      [['sample', '--out', out, '--seed', '1e20'], /--seed: expected an integer in \[0, 2\^53 - 1\], got '1e20'/],
      [['sample', '--out', out, '--temperature', '0'], /--temperature: expected a number > 0, got '0'/],
      [['sample', '--out', out, '--columns', '0'], /--columns: expected an integer >= 1, got '0'/],
      [['sample', '--out', out, '--columns', '-5'], /--columns: expected an integer >= 1, got '-5'/],
      [['sample', '--out', out, '--count', '0'], /--count: expected an integer >= 1/],
      [['complete', 'a.png', '--out', out, '--rows', '-2'], /--rows: expected an integer >= 0/],
      [['complete', 'a.png', '--out', out, '--rows', '2', '--temperature', '-1'], /--temperature/],
      [[...trainArgs, '--epochs', '0'], /--epochs: expected an integer >= 1, got '0'/],
      [[...trainArgs, '--batch-size', '0'], /--batch-size: expected an integer >= 1/],
      [[...trainArgs, '--workers', '0'], /--workers: expected an integer in \[1, 256\]/],
      [[...trainArgs, '--lr', '-1'], /--lr: expected a number > 0, got '-1'/],
      [[...trainArgs, '--lr', 'fast'], /--lr: expected a number > 0, got 'fast'/],
      [[...trainArgs, '--optimizer', 'sgd'], /--optimizer: expected one of adam, adamax, got 'sgd'/],
      [[...trainArgs, '--ema', '1'], /--ema: expected a number in \[0, 1\)/],
      [[...trainArgs, '--dropout', '1.5'], /--dropout: expected a number in \[0, 1\)/],
      [[...trainArgs, '--nr-filters', '0'], /--nr-filters: expected an integer >= 1/],
      [[...trainArgs, '--seed', '0.5'], /--seed: expected an integer/],
      [['convert', 'in.safetensors', join(dir, 'o.safetensors'), '--height', '3'], /--height: expected an integer in \[4, 1024\], got '3'/],
      [['convert', 'in.safetensors', join(dir, 'o.safetensors'), '--width', '30'], /--width: expected a multiple of 4/],
      [['convert', 'in.safetensors', join(dir, 'o.safetensors'), '--channels', '2'], /--channels: expected one of 1, 3, got '2'/],
      [['convert', 'in.safetensors', join(dir, 'o.safetensors'), '--num-classes', '-1'], /--num-classes: expected an integer >= 0/],
    ];
    for (const [argv, message] of cases) {
      const c = capture();
      assert.equal(await c.run(argv), 2, `${argv.join(' ')}: ${c.err.join('|')}`);
      assert.equal(c.err.length, 1);
      assert.match(c.err[0]!, message, argv.join(' '));
    }
    assert.deepEqual((await readdir(dir)).sort(), ['data'], 'nothing written');
  });

  it('an unwritable output path fails before any work, naming the option', async () => {
    const missing = join(dir, 'no-such-folder', 'o.png');
    // The model named is missing too: the output is checked first, so that is not what is reported.
    const cases: Array<[string[], RegExp]> = [
      [['sample', '--count', '4', '--out', missing, '--model', join(dir, 'nope.safetensors')], /--out .*no-such-folder.*does not exist/],
      [['complete', 'a.png', '--rows', '2', '--out', missing, '--model', join(dir, 'nope.safetensors')], /--out .*does not exist/],
      [['sample', '--out', dir], /--out .*is a folder/],
      [['train', '--data', join(dir, 'no-data'), '--out', join(dir, 'no-such-folder', 'm.safetensors')], /--out .*does not exist/],
      [['train', '--data', join(dir, 'no-data'), '--out', join(dir, 'm.safetensors'), '--checkpoint', join(dir, 'gone', 'c.safetensors')], /--checkpoint .*does not exist/],
      [['convert', join(dir, 'nope.safetensors'), join(dir, 'gone', 'o.safetensors')], /output .*does not exist/],
    ];
    for (const [argv, message] of cases) {
      const c = capture();
      assert.equal(await c.run(argv), 1, argv.join(' '));
      assert.match(c.err.join('\n'), message, argv.join(' '));
    }
  });

  it('logprob with several files prints the readable ones, reports the others, exit 1', async () => {
    const bad = join(dir, 'not-a.png');
    await writeFile(bad, 'hello');
    const files = [join(data(), '0.png'), bad, join(data(), '1.png'), join(dir, 'absent.png')];
    const c = capture();
    // An 8x8 model, as the test images (the bundled one takes 28x28).
    const { PixelCNNPP } = await import('../../../src/index.js');
    const model = await PixelCNNPP.create({ height: 8, width: 8, channels: 1, nrResnet: 1, nrFilters: 4, nrLogisticMix: 1 }, { backend: 'cpu' });
    const modelPath = join(dir, 'tiny.safetensors');
    await writeFile(modelPath, model.save());
    model.dispose();
    assert.equal(await c.run(['logprob', ...files, '--model', modelPath, '--backend', 'cpu']), 1);
    assert.equal(c.out.length, 2, c.out.join('\n'));
    assert.match(c.out[0]!, /0\.png: -?\d+\.\d+ nats/);
    assert.match(c.out[1]!, /1\.png: -?\d+\.\d+ nats/);
    assert.equal(c.err.length, 2);
    assert.match(c.err[0]!, /not-a\.png: not a PNG/);
    assert.match(c.err[1]!, /absent\.png/);
    await rm(modelPath);
    await rm(bad);
  });

  it('train --resume from a checkpoint with corrupted moments: exit 1, no model written', async () => {
    const { PixelCNNPP, parseSafetensors, serializeSafetensors } = await import('../../../src/index.js');
    const images = { data: Uint8Array.from({ length: 4 * 64 }, (_, i) => (i * 29) % 256), shape: [4, 8, 8, 1] };
    const model = await PixelCNNPP.create({ height: 8, width: 8, channels: 1, nrResnet: 1, nrFilters: 4, nrLogisticMix: 1 }, { backend: 'cpu' });
    await model.fit(images, { epochs: 1, batchSize: 4 });
    const file = parseSafetensors(model.save({ training: true }));
    model.dispose();
    for (const [name, tensor] of file.tensors) {
      if (name.startsWith('training.m.')) tensor.data.fill(3e38);
      if (name.startsWith('training.v.')) tensor.data.fill(0);
    }
    const corrupt = join(dir, 'corrupt.ckpt.safetensors');
    await writeFile(corrupt, serializeSafetensors(file.tensors, file.metadata));
    const out = join(dir, 'resumed.safetensors');
    const c = capture();
    const code = await c.run(['train', '--data', data(), '--out', out, '--resume', corrupt, '--epochs', '2', '--batch-size', '4', '--backend', 'cpu', '--workers', '1']);
    assert.equal(code, 1, c.err.join('\n'));
    assert.match(c.err.join('\n'), /non-finite/);
    assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('resumed')), []);
    await rm(corrupt);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const c = capture();
      assert.equal(await c.run([flag]), 0);
      assert.deepEqual(c.out, [`pixelcnnpp ${pkg.version}`]);
    }
  });

  it('SIGINT while train writes a file removes the half-written .partial and exits 130', async () => {
    const child = fileURLToPath(new URL('./child/interrupted-train.ts', import.meta.url));
    const out = join(dir, 'interrupted.safetensors');
    const args = ['train', '--data', data(), '--out', out, '--epochs', '1', '--nr-filters', '4', '--nr-logistic-mix', '1', '--batch-size', '4', '--backend', 'cpu', '--workers', '1'];
    const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const partial = await new Promise<string>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        const match = /PARTIAL (.*)\n/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      proc.on('exit', (code) => reject(new Error(`exited ${code} before writing: ${stdout} ${stderr}`)));
    });
    assert.ok((await readFile(partial)).length > 0, 'half the file is on disk');
    const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.kill('SIGINT');
    assert.equal(await exit, 130, stderr);
    assert.match(stderr, /interrupted \(SIGINT\)/);
    const left = (await readdir(dir)).filter((name) => name.startsWith('interrupted'));
    assert.deepEqual(left, [], 'no partial (or other) file left');
  });
});
