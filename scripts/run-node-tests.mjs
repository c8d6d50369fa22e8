// Runs every test/unit/**/*.test.ts with node's own test runner (Node 20 takes no globs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return path.endsWith('.test.ts') ? [path] : [];
  });
}

// A file whose first lines say `@browser-only` runs in Chromium only (test/browser/build.mjs).
const isBrowserOnly = (file) => readFileSync(file, 'utf8').split('\n', 5).some((line) => line.includes('@browser-only'));
const filter = process.argv.slice(2);
const files = collect('test/unit').filter((f) => !isBrowserOnly(f) && (filter.length === 0 || filter.some((s) => f.includes(s))));
// WebGPU under Node: Dawn on Chromium's SwiftShader (a software Vulkan) unless the caller chose.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env = { ...process.env };
if (!env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
env.XDG_RUNTIME_DIR ??= '/tmp';

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
