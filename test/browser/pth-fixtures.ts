// The browser build's test/helpers/pth-fixtures.ts: the same files, inlined into the bundle.
import type { PthFixtureName } from '../helpers/pth-fixtures.types.js';
import p4 from '../fixtures/pth/protocol4.legacy.pth';
import f0 from '../fixtures/pth/tiny-rgb.pth';
import f1 from '../fixtures/pth/tiny-rgb.legacy.pth';
import f2 from '../fixtures/pth/tiny-gray.pth';
import f3 from '../fixtures/pth/tiny-gray.legacy.pth';
import f4 from '../fixtures/pth/tiny-gray.module.pth';
import f5 from '../fixtures/pth/tiny-gray.wrapped.legacy.pth';
import f6 from '../fixtures/pth/tiny-gray.float16.pth';
import f7 from '../fixtures/pth/tiny-gray.bfloat16.legacy.pth';
import f8 from '../fixtures/pth/tiny-gray.views.pth';
import f9 from '../fixtures/pth/tiny-gray.deflate.pth';
import f10 from '../fixtures/pth/hostile/os-system.pth';
import f11 from '../fixtures/pth/hostile/os-system.legacy.pth';
import f12 from '../fixtures/pth/hostile/builtins-eval.pth';
import f13 from '../fixtures/pth/hostile/whole-module.pth';
import f14 from '../fixtures/pth/hostile/deep-lists.pth';
import f15 from '../fixtures/pth/hostile/deep-marks.pth';
import f16 from '../fixtures/pth/hostile/tensor-past-storage.pth';
import f17 from '../fixtures/pth/hostile/storage-past-entry.pth';
import f18 from '../fixtures/pth/hostile/stride-zero-huge.pth';
import f19 from '../fixtures/pth/hostile/storage-past-file.legacy.pth';

export { PTH_FIXTURES } from '../helpers/pth-fixtures.types.js';
export type { PthFixtureName } from '../helpers/pth-fixtures.types.js';

const FILES: Record<PthFixtureName, Uint8Array> = {
  'protocol4.legacy.pth': p4,
  'tiny-rgb.pth': f0,
  'tiny-rgb.legacy.pth': f1,
  'tiny-gray.pth': f2,
  'tiny-gray.legacy.pth': f3,
  'tiny-gray.module.pth': f4,
  'tiny-gray.wrapped.legacy.pth': f5,
  'tiny-gray.float16.pth': f6,
  'tiny-gray.bfloat16.legacy.pth': f7,
  'tiny-gray.views.pth': f8,
  'tiny-gray.deflate.pth': f9,
  'hostile/os-system.pth': f10,
  'hostile/os-system.legacy.pth': f11,
  'hostile/builtins-eval.pth': f12,
  'hostile/whole-module.pth': f13,
  'hostile/deep-lists.pth': f14,
  'hostile/deep-marks.pth': f15,
  'hostile/tensor-past-storage.pth': f16,
  'hostile/storage-past-entry.pth': f17,
  'hostile/stride-zero-huge.pth': f18,
  'hostile/storage-past-file.legacy.pth': f19,
};

export function loadPthFixture(name: PthFixtureName): Uint8Array {
  // A fresh copy, as the Node loader gives, so a test may write into it.
  return FILES[name].slice();
}
