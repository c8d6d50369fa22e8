// 'auto' and software WebGPU adapters: which adapters count as software, and that 'auto' judges
// the adapter before asking it for a device.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveBackend } from '../../../src/backends/registry.js';
import { createWebGPUBackend, softwareAdapterReason } from '../../../src/backends/webgpu.js';

const hardware = { info: { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3080' } };

describe('backends: software WebGPU adapters', () => {
  it('recognises fallback adapters and software renderers by name, and nothing else', () => {
    assert.equal(softwareAdapterReason(hardware), undefined);
    assert.equal(softwareAdapterReason({ info: { vendor: 'apple', architecture: 'metal-3' } }), undefined);
    assert.equal(softwareAdapterReason({ info: undefined }), undefined);
    const software = [
      { isFallbackAdapter: true, info: { vendor: '', architecture: '' } },
      { info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } },
      { info: { vendor: 'google', architecture: 'swiftshader' } },
      { info: { vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } },
      { info: { vendor: 'mesa', device: 'lavapipe' } },
      { info: { vendor: 'microsoft', description: 'Microsoft Basic Render Driver' } },
    ];
    for (const adapter of software) {
      assert.match(softwareAdapterReason(adapter) ?? '', /is a software renderer, far slower than wasm; pass \{backend: 'webgpu'\} to use it anyway$/, JSON.stringify(adapter));
    }
    assert.equal(
      softwareAdapterReason({ info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' } }),
      "the WebGPU adapter (google swiftshader (SwiftShader driver 5.0.0)) is a software renderer, far slower than wasm; pass {backend: 'webgpu'} to use it anyway",
    );
  });

  it("has 'auto' judge the adapter without asking it for a device, and ask for the adapter once", async () => {
    let adapters = 0;
    let devices = 0;
    const adapter = {
      features: new Set<string>(),
      limits: {},
      isFallbackAdapter: true,
      info: { vendor: 'google', architecture: 'swiftshader' },
      requestDevice: async () => {
        devices++;
        throw new Error('no device (simulated)');
      },
    };
    const gpu = {
      requestAdapter: async () => {
        adapters++;
        return adapter;
      },
    };
    const backend = createWebGPUBackend({ isNode: false, gpu });
    const resolved = await resolveBackend([backend, 'cpu']);
    assert.equal(resolved.name, 'cpu');
    assert.equal(resolved.report[0]?.status, 'passed over');
    assert.equal(devices, 0);
    assert.equal(adapters, 1);
    assert.equal(await backend.autoSkipReason?.(), resolved.report[0]?.detail);
    assert.equal(adapters, 1, 'the adapter is asked for once');
  });

  it('lets a hardware adapter through', async () => {
    const backend = createWebGPUBackend({ isNode: false, gpu: { requestAdapter: async () => ({ features: new Set<string>(), limits: {}, ...hardware, requestDevice: async () => ({}) }) } });
    assert.equal(await backend.autoSkipReason?.(), undefined);
  });
});
