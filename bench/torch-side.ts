// Runs bench/torch/pixelcnnpp_torch.py with Debian's PyTorch when it is installed; the
// benchmarks print its figures beside ours. Never required: returns undefined without it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';
const SCRIPT = new URL('./torch/pixelcnnpp_torch.py', import.meta.url).pathname;

export function torchAvailable(): boolean {
  if (!existsSync(PYTHON) || !existsSync(SCRIPT)) return false;
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

export function runTorch(args: string[]): Record<string, number | string> | undefined {
  const result = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8', timeout: 20 * 60_000 });
  if (result.status !== 0) {
    console.warn(`PyTorch side run failed (${args.join(' ')}): ${result.stderr.trim().split('\n').pop()}`);
    return undefined;
  }
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

/** Whether Debian's PyTorch sees a CUDA device. */
export function torchCudaAvailable(): boolean {
  if (!existsSync(PYTHON) || !existsSync(SCRIPT)) return false;
  return spawnSync(PYTHON, ['-c', 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)'], { stdio: 'ignore' }).status === 0;
}
