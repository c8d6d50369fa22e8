// Run by webgpu-unavailable.test.ts in a fresh node process: resolves each choice given on the
// command line and prints what happened as one JSON line.
import { resolveBackend } from '../../../../src/backends/registry.js';

const results: unknown[] = [];
for (const choice of process.argv.slice(2)) {
  try {
    const b = await resolveBackend(choice as 'auto');
    results.push({ choice, name: b.name, skipped: b.skipped });
  } catch (err) {
    const e = err as { name: string; code?: string; message: string };
    results.push({ choice, error: { name: e.name, code: e.code, message: e.message } });
  }
}
console.log(JSON.stringify(results));
