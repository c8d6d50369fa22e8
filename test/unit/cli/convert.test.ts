// @node-only: the command line reads and writes files.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { PixelCNNPP } from '../../../src/index.js';
import { parseSafetensors, serializeSafetensors } from '../../../src/weights/safetensors.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { toTfRelease } from '../../helpers/tf-release.js';
import { loadPthFixture } from '../../helpers/pth-fixtures.js';
import { resolveConfig } from '../../../src/config.js';

function capture() {
  const lines: string[] = [];
  return { lines, log: (line: string) => lines.push(line) };
}

describe('pixelcnnpp convert', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pixelcnnpp-convert-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('converts a TF-release dump to a checkpoint that scores like the original', async () => {
    const fixture = await loadFixture('tiny-rgb');
    const { tensors } = parseSafetensors(fixture.weights);
    const c = fixture.config;
    const config = resolveConfig({ height: c.height, width: c.width, channels: c.channels, nrResnet: c.nr_resnet, nrFilters: c.nr_filters, nrLogisticMix: c.nr_logistic_mix });
    const tfInput = join(dir, 'tf.safetensors');
    await writeFile(tfInput, serializeSafetensors(toTfRelease(tensors, config, 11)));
    const output = join(dir, 'out.safetensors');
    const out = capture();
    const code = await main(
      ['convert', tfInput, output, '--height', '8', '--width', '8', '--channels', '3', '--nr-resnet', '1', '--nr-filters', '16', '--nr-logistic-mix', '3'],
      out.log,
      out.log,
    );
    assert.equal(code, 0, out.lines.join('\n'));
    assert.match(out.lines.join('\n'), /171 tensors from TensorFlow-release names/);

    const images = { data: fixture.images, shape: [c.n_images, c.height, c.width, c.channels] as const };
    const original = await PixelCNNPP.load(fixture.weights, { backend: 'cpu' });
    const converted = await PixelCNNPP.load(new Uint8Array(await readFile(output)), { backend: 'cpu' });
    const [a, b] = [await original.logProb(images), await converted.logProb(images)];
    a.nats.forEach((v, i) => assert.ok(Math.abs(v - b.nats[i]!) < 1e-3 * Math.abs(v), `image ${i}: ${v} vs ${b.nats[i]}`));
    original.dispose();
    converted.dispose();
  });

  it('converts PyTorch checkpoints of both formats, the config from the shapes, the weights exactly', async () => {
    const fixture = await loadFixture('tiny-rgb');
    const { tensors } = parseSafetensors(fixture.weights);
    for (const name of ['tiny-rgb.pth', 'tiny-rgb.legacy.pth'] as const) {
      const input = join(dir, name);
      await writeFile(input, await loadPthFixture(name));
      const output = join(dir, `${name}.safetensors`);
      const out = capture();
      assert.equal(await main(['convert', input, output, '--height', '8', '--width', '8'], out.log, out.log), 0, out.lines.join('\n'));
      assert.match(out.lines.join('\n'), /171 tensors from a PyTorch checkpoint, 8x8x3, nrResnet 1, nrFilters 16, nrLogisticMix 3$/);
      const converted = parseSafetensors(new Uint8Array(await readFile(output)));
      assert.deepEqual(JSON.parse(converted.metadata.config!), { ...JSON.parse(parseSafetensors(fixture.weights).metadata.config!), dropout: 0.5 });
      for (const [key, tensor] of tensors) assert.deepEqual(converted.tensors.get(key)!.data, tensor.data, key);
    }

    const half = join(dir, 'half.safetensors');
    const out = capture();
    assert.equal(await main(['convert', join(dir, 'tiny-rgb.pth'), half, '--dtype', 'float16'], out.log, out.log), 0, out.lines.join('\n'));
    assert.match(out.lines[0]!, /32x32x3 \(the default image size; the weights do not hold it\).*float16$/);
    assert.ok((await readFile(half)).byteLength < 0.6 * (await readFile(join(dir, 'tiny-rgb.pth.safetensors'))).byteLength);
    assert.equal(await main(['convert', join(dir, 'tiny-rgb.pth'), half, '--dtype', 'float8'], out.log, out.log), 2);
  });

  it('refuses a hostile .pth with exit code 1 and one line', async () => {
    const input = join(dir, 'os-system.pth');
    await writeFile(input, await loadPthFixture('hostile/os-system.pth'));
    const out = capture();
    assert.equal(await main(['convert', input, join(dir, 'never.safetensors')], out.log, out.log), 1);
    assert.equal(out.lines.length, 1);
    assert.match(out.lines[0]!, /refusing the global 'os\.system'/);
  });

  it('fails with exit code 1 and one line naming the problem on a mismatched config', async () => {
    const fixture = await loadFixture('tiny-gray');
    const input = join(dir, 'gray.safetensors');
    await writeFile(input, fixture.weights);
    const out = capture();
    const code = await main(['convert', input, join(dir, 'x.safetensors'), '--nr-filters', '12'], out.log, out.log);
    assert.equal(code, 1);
    assert.equal(out.lines.length, 1);
    assert.match(out.lines[0]!, /^pixelcnnpp convert: weights do not match the config/);
  });

  it('answers usage mistakes with exit code 2', async () => {
    const out = capture();
    assert.equal(await main(['convert', 'only-one'], out.log, out.log), 2);
    assert.equal(await main(['convert', 'a', 'b', '--height'], out.log, out.log), 2);
    assert.equal(await main(['frobnicate'], out.log, out.log), 2);
    assert.equal(await main(['convert', '--help'], out.log, out.log), 0);
    assert.match(out.lines.at(-1)!, /Usage: pixelcnnpp convert/);
  });
});
