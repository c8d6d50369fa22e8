// PyTorch checkpoints written by torch.save itself (test/fixtures/pth/, from
// scripts/make-pth-fixtures.py): both formats and the variants users meet give the fixtures'
// weights; the config follows from the shapes; hostile files are refused as data.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PixelCNNPPError } from '../../../src/errors.js';
import { floatToHalf, halfToFloat } from '../../../src/weights/half.js';
import { inferConfig } from '../../../src/weights/infer-config.js';
import { unpickle } from '../../../src/weights/pickle.js';
import { isPyTorchCheckpoint, readPyTorchCheckpoint } from '../../../src/weights/pytorch-checkpoint.js';
import type { SafetensorsTensor } from '../../../src/weights/safetensors.js';
import { parseSafetensors } from '../../../src/weights/safetensors.js';
import type { FixtureName } from '../../helpers/fixtures.js';
import { loadFixture } from '../../helpers/fixtures.js';
import type { PthFixtureName } from '../../helpers/pth-fixtures.js';
import { loadPthFixture } from '../../helpers/pth-fixtures.js';

async function reference(name: FixtureName) {
  const fixture = await loadFixture(name);
  return { fixture, tensors: parseSafetensors(fixture.weights).tensors };
}

async function rejectsWith(file: PthFixtureName | Uint8Array, pattern: RegExp): Promise<void> {
  const bytes = typeof file === 'string' ? await loadPthFixture(file) : file;
  await assert.rejects(readPyTorchCheckpoint(bytes), (e: unknown) => {
    assert.ok(e instanceof PixelCNNPPError, `expected a PixelCNNPPError, got ${String(e)}`);
    assert.equal(e.code, 'E_WEIGHTS');
    assert.match(e.message, pattern);
    return true;
  });
}

/** Every tensor of `got` equals `want` under `map` (identity by default), names and shapes too. */
function assertSameTensors(
  got: ReadonlyMap<string, SafetensorsTensor>,
  want: ReadonlyMap<string, SafetensorsTensor>,
  map: (x: number) => number = (x) => x,
): void {
  assert.deepEqual([...got.keys()], [...want.keys()]);
  for (const [name, tensor] of want) {
    const other = got.get(name)!;
    assert.deepEqual(other.shape, tensor.shape, name);
    for (let i = 0; i < tensor.data.length; i++) {
      if (other.data[i] !== map(tensor.data[i]!)) assert.fail(`${name}[${i}]: ${other.data[i]} vs ${map(tensor.data[i]!)}`);
    }
  }
}

function replaceAll(bytes: number[], from: number[], to: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    if (from.every((b, k) => bytes[i + k] === b)) {
      out.push(...to);
      i += from.length;
    } else out.push(bytes[i++]!);
  }
  return out;
}

describe('PyTorch checkpoints', () => {
  for (const name of ['tiny-rgb', 'tiny-gray'] as const) {
    for (const format of ['zip', 'legacy'] as const) {
      it(`${name}, ${format} format: the fixture's weights exactly, and its config from the shapes`, async () => {
        const { fixture, tensors } = await reference(name);
        const bytes = await loadPthFixture(`${name}${format === 'legacy' ? '.legacy' : ''}.pth`);
        assert.ok(isPyTorchCheckpoint(bytes));
        const file = await readPyTorchCheckpoint(bytes);
        assert.deepEqual(file.metadata, {});
        assertSameTensors(file.tensors, tensors);
        for (const tensor of file.tensors.values()) assert.equal(tensor.dtype, 'F32');
        const c = fixture.config;
        assert.deepEqual(inferConfig(file.tensors), {
          channels: c.channels,
          nrResnet: c.nr_resnet,
          nrFilters: c.nr_filters,
          nrLogisticMix: c.nr_logistic_mix,
          numClasses: 0,
        });
      });
    }
  }

  it("reads legacy files saved from a GPU (torch.cuda.FloatStorage, 'cuda:0'), as the port's released CIFAR-10 model is", async () => {
    const { tensors } = await reference('tiny-gray');
    const legacy = await loadPthFixture('tiny-gray.legacy.pth');
    const latin1 = (s: string) => [...s].map((c) => c.charCodeAt(0));
    const replaced = replaceAll(
      replaceAll([...legacy], latin1('ctorch\nFloatStorage\n'), latin1('ctorch.cuda\nFloatStorage\n')),
      latin1('X\x03\x00\x00\x00cpu'),
      latin1('X\x06\x00\x00\x00cuda:0'),
    );
    assert.equal(replaced.length, legacy.length + 8); // each written once, then memoised
    assertSameTensors((await readPyTorchCheckpoint(new Uint8Array(replaced))).tensors, tensors);
  });

  it('reads pickle protocol 4 (framed) and a transposed tensor', async () => {
    const file = await readPyTorchCheckpoint(await loadPthFixture('protocol4.legacy.pth'));
    const a = file.tensors.get('a')!;
    assert.deepEqual(a.shape, [3, 2]);
    assert.deepEqual([...a.data], [0, 3, 1, 4, 2, 5]);
  });

  it('views float32 data in the zip format in place (torch.save aligns its entries)', async () => {
    const bytes = await loadPthFixture('tiny-gray.pth');
    const file = await readPyTorchCheckpoint(bytes);
    for (const tensor of file.tensors.values()) assert.equal(tensor.data.buffer, bytes.buffer);
  });

  it("accepts nn.DataParallel's 'module.' prefix and a training checkpoint wrapping the state dict", async () => {
    const { tensors } = await reference('tiny-gray');
    assertSameTensors((await readPyTorchCheckpoint(await loadPthFixture('tiny-gray.module.pth'))).tensors, tensors);
    // {'epoch': 12, 'state_dict': ..., 'best_bits_per_dim': 5.5, 'args': {...}, 'rng_state': int64 tensor}
    assertSameTensors((await readPyTorchCheckpoint(await loadPthFixture('tiny-gray.wrapped.legacy.pth'))).tensors, tensors);
  });

  it('reads strided views with storage offsets, and deflated archives', async () => {
    const { tensors } = await reference('tiny-gray');
    assertSameTensors((await readPyTorchCheckpoint(await loadPthFixture('tiny-gray.views.pth'))).tensors, tensors);
    assertSameTensors((await readPyTorchCheckpoint(await loadPthFixture('tiny-gray.deflate.pth'))).tensors, tensors);
  });

  it("upcasts float16 weights: exactly torch's tensor.half() of the fixture, which our rounding reproduces bit for bit", async () => {
    const { tensors } = await reference('tiny-gray');
    const file = await readPyTorchCheckpoint(await loadPthFixture('tiny-gray.float16.pth'));
    for (const tensor of file.tensors.values()) assert.equal(tensor.dtype, 'F16');
    assertSameTensors(file.tensors, tensors, (x) => halfToFloat(floatToHalf(x)));
  });

  it('upcasts bfloat16 weights (within bfloat16 rounding of the fixture)', async () => {
    const { tensors } = await reference('tiny-gray');
    const file = await readPyTorchCheckpoint(await loadPthFixture('tiny-gray.bfloat16.legacy.pth'));
    let worst = 0;
    for (const [name, tensor] of tensors) {
      const got = file.tensors.get(name)!;
      assert.equal(got.dtype, 'BF16');
      tensor.data.forEach((x, i) => (worst = Math.max(worst, Math.abs(got.data[i]! - x) / Math.max(Math.abs(x), 1e-30))));
    }
    assert.ok(worst <= 2 ** -8 && worst > 0, `worst relative error ${worst}`);
  });

  it('refuses code: GLOBAL os system, builtins.eval, a pickled module class', async () => {
    await rejectsWith('hostile/os-system.pth', /refusing the global 'os\.system': a checkpoint is read as data.* may appear in it\.$/);
    await rejectsWith('hostile/os-system.legacy.pth', /refusing the global 'os\.system'/);
    await rejectsWith('hostile/builtins-eval.pth', /refusing the global 'builtins\.eval'/);
    await rejectsWith('hostile/whole-module.pth', /refusing the global '__main__\.down_shifted_conv2d'.*It looks like a class.*save model\.state_dict\(\) instead/);
  });

  it('refuses deep nesting without exhausting the stack', async () => {
    await rejectsWith('hostile/deep-lists.pth', /nested more than 100 deep/);
    await rejectsWith('hostile/deep-marks.pth', /more than 100 nested marks/);
  });

  it('refuses storages and tensors out of range without allocating them', async () => {
    await rejectsWith('hostile/tensor-past-storage.pth', /tensor 'u_init\.conv\.weight_v' \(shape \[2, 6\].*reaches element 11 of storage '0', which has 4/);
    await rejectsWith('hostile/storage-past-entry.pth', /storage '0' holds 16 bytes, but 1000000000 float32 elements need 4000000000/);
    await rejectsWith('hostile/stride-zero-huge.pth', /past the file's own size; its strides repeat storage elements/);
    await rejectsWith('hostile/storage-past-file.legacy.pth', /storage '0' \(4000000 bytes at byte \d+\) runs past the end of the file/);
  });

  it('refuses truncated files, whatever the cut', async () => {
    for (const name of ['tiny-gray.pth', 'tiny-gray.legacy.pth'] as const) {
      const bytes = await loadPthFixture(name);
      for (const fraction of [0.001, 0.01, 0.1, 0.3, 0.5, 0.9, 0.999]) {
        const cut = bytes.subarray(0, Math.floor(bytes.length * fraction));
        if (isPyTorchCheckpoint(cut)) await rejectsWith(cut, /truncated|end-of-central-directory/);
      }
    }
  });

  it('throws nothing but E_WEIGHTS on corrupted files', async () => {
    let state = 7;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const name of ['tiny-gray.pth', 'tiny-gray.legacy.pth', 'tiny-gray.deflate.pth'] as const) {
      const original = await loadPthFixture(name);
      for (let trial = 0; trial < 60; trial++) {
        const bytes = original.slice();
        // The pickle and headers at the start, or the zip directory at the end.
        const [from, to] = random() < 0.5 ? [0, 20_000] : [bytes.length - 4_000, bytes.length];
        for (let k = 0; k < 1 + Math.floor(random() * 4); k++) bytes[from + Math.floor(random() * (to - from))] = Math.floor(random() * 256);
        try {
          await readPyTorchCheckpoint(bytes);
        } catch (error) {
          assert.ok(error instanceof PixelCNNPPError && error.code === 'E_WEIGHTS', `${name}, trial ${trial}: ${String(error)}`);
        }
      }
    }
  });

  it('says what it found where no state dict is', async () => {
    assert.ok(!isPyTorchCheckpoint((await loadFixture('tiny-gray')).weights));
    // The legacy format's header pickles, then {'epoch': 3} and an empty storage list.
    const legacy = await loadPthFixture('tiny-gray.legacy.pth');
    let end = 0;
    for (let i = 0; i < 3; i++) end = unpickle(legacy, end, { globals: new Map() }).end;
    const object = [0x80, 2, 0x7d, 0x58, 5, 0, 0, 0, ...new TextEncoder().encode('epoch'), 0x4b, 3, 0x73, 0x2e];
    const file = new Uint8Array([...legacy.subarray(0, end), ...object, 0x80, 2, 0x5d, 0x2e]);
    await rejectsWith(file, /expected a state dict \(a dict of tensors\).*'state_dict'.*found a dict with keys "epoch"/);
  });
});
