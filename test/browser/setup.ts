// Runs before the browser tests: says which WebGPU adapter (if any) this browser exposes.
const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
before(async () => {
  const adapter = gpu ? await gpu.requestAdapter() : null;
  const info = (adapter as { info?: { vendor?: string; architecture?: string; description?: string } } | null)?.info;
  console.log(`WebGPU adapter: ${adapter ? `${info?.vendor ?? ''} ${info?.architecture ?? ''} ${info?.description ?? ''}` : 'none'}`);
});
declare function before(fn: () => Promise<void>): void;
