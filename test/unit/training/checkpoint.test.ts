// The training part of a checkpoint is checked at load: every field of the
// `pixelcnnpp.training` metadata, so `fit` never resumes with settings nobody chose.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PixelCNNPPError } from '../../../src/errors.js';
import { TRAINING_METADATA_KEY, splitCheckpoint } from '../../../src/weights/training-checkpoint.js';
import { PAPER_OPTIMIZER } from '../../../src/training/optimizer.js';

const tensor = { shape: [2], data: new Float32Array([1, 2]) };
const tensors = new Map([
  ['w', tensor],
  ['training.param.w', tensor],
  ['training.m.w', tensor],
  ['training.v.w', tensor],
]);
const good = { step: 3, epoch: 1, optimizer: { ...PAPER_OPTIMIZER }, ema: 0.9995 };

function withInfo(info: unknown) {
  return { [TRAINING_METADATA_KEY]: typeof info === 'string' ? info : JSON.stringify(info) };
}

function rejects(info: unknown, field: RegExp) {
  assert.throws(
    () => splitCheckpoint(tensors, withInfo(info)),
    (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_WEIGHTS' && field.test(e.message),
    `${JSON.stringify(info)} should be refused naming ${field}`,
  );
}

describe('training checkpoint metadata', () => {
  it('a complete, valid entry loads', () => {
    const { training } = splitCheckpoint(tensors, withInfo(good));
    assert.deepEqual(training?.optimizer, good.optimizer);
    assert.equal(training?.step, 3);
    assert.equal(training?.ema, 0.9995);
  });

  it('refuses every malformed field with E_WEIGHTS naming it', () => {
    rejects('null', /not a JSON object/);
    rejects('[1, 2]', /not a JSON object/);
    rejects('"adam"', /not a JSON object/);
    rejects({ ...good, step: -1 }, /'step'/);
    rejects({ ...good, epoch: 1.5 }, /'epoch'/);
    rejects({ ...good, optimizer: {} }, /'optimizer\.name'/);
    rejects({ ...good, optimizer: null }, /'optimizer'/);
    rejects({ ...good, optimizer: { ...good.optimizer, name: 'sgd' } }, /'optimizer\.name'.*'adam' or 'adamax'/);
    rejects({ ...good, optimizer: { ...good.optimizer, learningRate: 'abc' } }, /'optimizer\.learningRate'/);
    rejects({ ...good, optimizer: { ...good.optimizer, learningRate: -1 } }, /'optimizer\.learningRate'/);
    rejects({ ...good, optimizer: { ...good.optimizer, learningRateDecay: 2 } }, /'optimizer\.learningRateDecay'/);
    rejects({ ...good, optimizer: { ...good.optimizer, beta1: 5 } }, /'optimizer\.beta1'.*\[0, 1\)/);
    rejects({ ...good, optimizer: { ...good.optimizer, beta2: 1 } }, /'optimizer\.beta2'/);
    rejects({ ...good, optimizer: { ...good.optimizer, epsilon: 0 } }, /'optimizer\.epsilon'/);
    rejects({ ...good, optimizer: { ...good.optimizer, momentum: 0.9 } }, /'optimizer\.momentum'.*unknown/);
    rejects({ ...good, ema: 7 }, /'ema'.*\[0, 1\)/);
    rejects({ ...good, ema: '0.9' }, /'ema'/);
  });
});
