// Malformed checkpoint files: truncated at every kind of boundary, broken headers, hostile
// metadata, wrong tensors. Each load is refused with a typed error (E_WEIGHTS for the file's own
// faults), and nothing leaks.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP } from '../../../src/index.js';
import { configToMetadata } from '../../../src/config.js';
import { parseSafetensors, serializeSafetensors } from '../../../src/weights/safetensors.js';
import { randomTensors } from '../../../src/weights/random.js';
import { int64Scalar, withRawTensors } from '../../helpers/safetensors-craft.js';
import { assertTyped, tally } from './typed.js';

const CONFIG = { height: 8, width: 8, channels: 1 as const, nrResnet: 1, nrFilters: 4, nrLogisticMix: 1, numClasses: 2 };

/** Bytes with a header rewritten by `edit` (the data section kept). */
function editHeader(bytes: Uint8Array, edit: (header: Record<string, any>) => unknown): Uint8Array {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  const edited = edit(header) ?? header;
  const json = new TextEncoder().encode(typeof edited === 'string' ? edited : JSON.stringify(edited));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + length), 8 + json.length);
  return out;
}

describe('hostile files', () => {
  let good: Uint8Array;
  let baseline: number;
  const labels: string[] = [];
  before(async () => {
    good = serializeSafetensors(randomTensors(CONFIG, 1), configToMetadata(CONFIG));
    (await PixelCNNPP.load(good, { backend: 'cpu' })).dispose();
    baseline = tf.memory().numTensors;
  });
  after(() => console.log(`# hostile files: ${labels.length} malformed files refused (${tally(labels)})`));

  async function refused(what: string, bytes: Uint8Array, expected: RegExp = /^E_WEIGHTS$/): Promise<void> {
    try {
      (await PixelCNNPP.load(bytes, { backend: 'cpu' })).dispose();
    } catch (error) {
      const label = assertTyped(error, what);
      assert.match(label, expected, `${what}: ${(error as Error).message}`);
      labels.push(label);
      return;
    }
    assert.fail(`${what}: loaded`);
  }

  it('truncated files', async () => {
    const headerEnd = 8 + new DataView(good.buffer).getUint32(0, true);
    for (const length of [0, 1, 7, 8, 9, 20, headerEnd - 1, headerEnd, headerEnd + 1, headerEnd + 4, good.length >> 1, good.length - 1]) {
      await refused(`truncated to ${length} bytes`, good.slice(0, length));
    }
    const grown = new Uint8Array(good.length + 3);
    grown.set(good);
    await refused('3 bytes appended', grown);
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('broken headers', async () => {
    const lengthField = (value: number, high = 0) => {
      const bytes = good.slice();
      new DataView(bytes.buffer).setUint32(0, value, true);
      new DataView(bytes.buffer).setUint32(4, high, true);
      return bytes;
    };
    await refused('header length 0', lengthField(0));
    await refused('header length past the end', lengthField(good.length));
    await refused('header length 2^40', lengthField(0, 256));
    await refused('header length 2^64 - 1', lengthField(0xffffffff, 0xffffffff));
    const headers: Array<[string, (h: Record<string, any>) => unknown]> = [
      ['not JSON', () => '{"a": '], ['a JSON array', () => '[]'], ['a JSON string', () => '"x"'], ['JSON null', () => 'null'],
      ['invalid UTF-8', () => '{"\udc00": 1}'],
      ['an entry that is a number', (h) => ({ ...h, extra: 3 })],
      ['an unknown dtype', (h) => { h['nin_out.lin_a.bias'].dtype = 'F128'; }],
      ['a dtype that is not a string', (h) => { h['nin_out.lin_a.bias'].dtype = 4; }],
      ['a negative dimension', (h) => { h['nin_out.lin_a.bias'].shape = [-3]; }],
      ['a fractional dimension', (h) => { h['nin_out.lin_a.bias'].shape = [1.5]; }],
      ['a shape that is a string', (h) => { h['nin_out.lin_a.bias'].shape = '3'; }],
      ['a shape too large for its bytes', (h) => { h['nin_out.lin_a.bias'].shape = [1e15]; }],
      ['offsets reversed', (h) => { const t = h['nin_out.lin_a.bias']; t.data_offsets = [t.data_offsets[1], t.data_offsets[0]]; }],
      ['offsets missing', (h) => { delete h['nin_out.lin_a.bias'].data_offsets; }],
      ['offsets past the end', (h) => { const t = h['nin_out.lin_a.bias']; t.data_offsets = [t.data_offsets[0] + 1e9, t.data_offsets[1] + 1e9]; }],
      ['overlapping tensors', (h) => { h.copy = { ...h['nin_out.lin_a.bias'] }; }],
      ['a tensor removed (a gap)', (h) => { delete h['u_init.conv.bias']; }],
      ['metadata that is an array', (h) => { h.__metadata__ = []; }],
      ['a metadata value that is a number', (h) => { h.__metadata__.nr_filters = 4; }],
      ['metadata __proto__', (h) => JSON.stringify(h).replace('"__metadata__":{', '"__metadata__":{"__proto__":{"height":"6"},')],
    ];
    for (const [what, edit] of headers) await refused(`header: ${what}`, editHeader(good, edit));
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('hostile metadata', async () => {
    const entries: Array<[string, Record<string, string>]> = [
      ['config not JSON', { config: '{' }], ['config an array', { config: '[]' }], ['config null', { config: 'null' }],
      ['height 3', { height: '3' }], ['height 6', { height: '6' }], ['height 10^6', { height: '1000000', width: '1000000' }],
      ['height "abc"', { height: 'abc' }], ['height ""', { height: '' }], ['height Infinity', { height: 'Infinity' }],
      ['channels 2', { channels: '2' }], ['nr_filters -1', { nr_filters: '-1' }], ['nr_filters 8 (tensors have 4)', { nr_filters: '8' }],
      ['nr_resnet 0', { nr_resnet: '0' }], ['nr_resnet 3 (tensors have 1)', { nr_resnet: '3' }], ['nr_logistic_mix 0.5', { nr_logistic_mix: '0.5' }],
      ['num_classes -1', { num_classes: '-1' }], ['num_classes 0 (tensors have 2)', { num_classes: '0' }], ['dropout 1', { dropout: '1' }],
      ['resnet_nonlinearity relu', { resnet_nonlinearity: 'relu' }],
      ['training null', { 'pixelcnnpp.training': 'null' }], ['training not JSON', { 'pixelcnnpp.training': '{' }],
      ['training without tensors', { 'pixelcnnpp.training': '{"step":1,"epoch":1,"optimizer":{},"ema":0.9}' }],
    ];
    for (const [what, patch] of entries) {
      const metadata = { ...configToMetadata(CONFIG), ...patch };
      if (!('config' in patch)) delete (metadata as Record<string, string>).config;
      await refused(`metadata: ${what}`, serializeSafetensors(randomTensors(CONFIG, 1), metadata));
    }
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('wrong tensors', async () => {
    const tensors = () => parseSafetensors(good).tensors;
    const metadata = configToMetadata(CONFIG);
    const cases: Array<[string, (t: Map<string, any>) => void]> = [
      ['a tensor missing', (t) => t.delete('nin_out.lin_a.bias')],
      ['an extra tensor', (t) => t.set('extra.weight', { shape: [1], data: new Float32Array(1) })],
      ['a tensor of the wrong shape', (t) => t.set('nin_out.lin_a.bias', { shape: [7], data: new Float32Array(7) })],
      ['a transposed kernel', (t) => { const w = t.get('u_init.conv.weight_v'); t.set('u_init.conv.weight_v', { shape: [...w.shape].reverse(), data: w.data }); }],
      ['training parameters without moments', (t) => t.set('training.param.u_init.conv.bias', t.get('u_init.conv.bias'))],
      ['every tensor missing', (t) => t.clear()],
      ['a NaN weight', (t) => { t.get('nin_out.lin_a.weight_v').data[3] = NaN; }],
      ['an infinite bias', (t) => { t.get('u_init.conv.bias').data[0] = -Infinity; }],
    ];
    for (const [what, edit] of cases) {
      const t = tensors();
      edit(t);
      await refused(`tensors: ${what}`, serializeSafetensors(t, metadata));
    }
    await refused('a weight stored as int32', withRawTensors(new Map([...tensors()].filter(([n]) => n !== 'u_init.conv.bias')), metadata, {
      'u_init.conv.bias': { dtype: 'I32', shape: [4], bytes: new Uint8Array(16) },
    }));
    await refused('an int64 counter among canonical tensors', withRawTensors(tensors(), metadata, { global_step: int64Scalar(3) }));
    assert.equal(tf.memory().numTensors, baseline);
  });
});
