// Run by cli/hardening.test.ts in its own process: `pixelcnnpp train` whose first write of a
// `.partial` file stops halfway (half the bytes on disk) and hangs, printing 'PARTIAL <path>', so
// the parent can interrupt it at exactly the moment a half-written file exists.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const fsPromises = createRequire(import.meta.url)('node:fs/promises') as typeof import('node:fs/promises');
const writeFile = fsPromises.writeFile;
fsPromises.writeFile = (async (path: string, data: Uint8Array) => {
  if (typeof path === 'string' && path.endsWith('.partial')) {
    await writeFile(path, data.subarray(0, data.length >> 1));
    console.log(`PARTIAL ${path}`);
    await new Promise(() => setInterval(() => {}, 1000)); // a write that never finishes (and keeps the process alive)
  }
  return writeFile(path, data);
}) as typeof writeFile;
syncBuiltinESMExports();

const { main } = await import('../../../../src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
