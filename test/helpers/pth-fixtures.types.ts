// The PyTorch checkpoints in test/fixtures/pth/ (written by scripts/make-pth-fixtures.py), shared
// by the Node and browser loaders.
export const PTH_FIXTURES = [
  'tiny-rgb.pth',
  'tiny-rgb.legacy.pth',
  'tiny-gray.pth',
  'tiny-gray.legacy.pth',
  'tiny-gray.module.pth',
  'tiny-gray.wrapped.legacy.pth',
  'tiny-gray.float16.pth',
  'tiny-gray.bfloat16.legacy.pth',
  'tiny-gray.views.pth',
  'tiny-gray.deflate.pth',
  'protocol4.legacy.pth',
  'hostile/os-system.pth',
  'hostile/os-system.legacy.pth',
  'hostile/builtins-eval.pth',
  'hostile/whole-module.pth',
  'hostile/deep-lists.pth',
  'hostile/deep-marks.pth',
  'hostile/tensor-past-storage.pth',
  'hostile/storage-past-entry.pth',
  'hostile/stride-zero-huge.pth',
  'hostile/storage-past-file.legacy.pth',
] as const;

export type PthFixtureName = (typeof PTH_FIXTURES)[number];
