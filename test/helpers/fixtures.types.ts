// The shape of a test case in test/fixtures/<name>/, shared by the Node and browser loaders.
export type FixtureName = 'tiny-rgb' | 'tiny-gray';

export interface FixtureConfig {
  channels: 1 | 3;
  height: number;
  width: number;
  n_images: number;
  nr_resnet: number;
  nr_filters: number;
  nr_logistic_mix: number;
  output_channels: number;
  [key: string]: unknown;
}

export interface Fixture {
  config: FixtureConfig;
  /** uint8 pixels, NHWC. */
  images: Uint8Array;
  /** The bytes of weights.safetensors. */
  weights: Uint8Array;
  /** expected.json. */
  expected: {
    output_image0: { shape: number[]; data: number[] };
    [key: string]: unknown;
  };
}
