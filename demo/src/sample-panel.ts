/** Sample: new digits of a class (or any), row by row, with a seed that reproduces them. */
import { byId, formatSeconds, isAbort, message } from './dom.js';
import type { ModelHost } from './model-host.js';
import { digitFigure, paintGrey } from './render.js';
import { randomSeed, readSeed } from './seeds.js';
import { SIDE } from './strokes.js';

export function setUpSamplePanel(host: ModelHost): void {
  const form = byId<HTMLFormElement>('sample-form');
  const classes = byId('sample-class');
  const count = byId<HTMLSelectElement>('sample-count');
  const seed = byId<HTMLInputElement>('sample-seed');
  const temperature = byId<HTMLInputElement>('sample-temperature');
  const temperatureValue = byId<HTMLOutputElement>('sample-temperature-value');
  const run = byId<HTMLButtonElement>('sample-run');
  const stop = byId<HTMLButtonElement>('sample-stop');
  const grid = byId('sample-grid');
  const progress = byId<HTMLProgressElement>('sample-progress');
  const note = byId('sample-note');

  for (let k = 0; k < 10; k++) {
    const label = document.createElement('label');
    label.className = 'chip';
    label.innerHTML = `<input type="radio" name="sample-class" value="${k}"><span>${k}</span>`;
    classes.append(label);
  }
  seed.value = String(randomSeed());
  byId('sample-new-seed').addEventListener('click', () => {
    seed.value = String(randomSeed());
    seed.setCustomValidity('');
  });
  temperature.addEventListener('input', () => {
    temperatureValue.textContent = Number(temperature.value).toFixed(2);
  });

  let controller: AbortController | undefined;
  stop.addEventListener('click', () => controller?.abort(new DOMException('Stopped.', 'AbortError')));

  host.subscribe((state) => {
    run.disabled = state.phase !== 'ready';
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosenSeed = readSeed(seed);
    if (chosenSeed === undefined) return;
    controller?.abort(new DOMException('Replaced by a new sample.', 'AbortError'));
    const job = new AbortController();
    controller = job;
    const n = Number(count.value);
    const chosen = (form.elements.namedItem('sample-class') as RadioNodeList).value;
    const label = chosen === 'any' ? undefined : Number(chosen);
    const t = Number(temperature.value);

    grid.replaceChildren();
    const canvases = Array.from({ length: n }, (_, k) => {
      // Without labels the package draws digit k as class k mod 10.
      const shown = label ?? k % 10;
      const { figure, canvas } = digitFigure(SIDE, `${shown}`, `Sampled digit ${k + 1}, class ${shown}`);
      canvas.dataset.index = String(k);
      grid.append(figure);
      paintGrey(canvas, new Uint8Array(SIDE * SIDE), 0, SIDE, 0);
      return canvas;
    });
    grid.dataset.seed = String(chosenSeed);
    grid.dataset.state = 'running';
    stop.disabled = false;
    progress.value = 0;
    note.textContent = `Drawing ${n} digit${n > 1 ? 's' : ''} with seed ${chosenSeed}…`;
    let rowsDone = 0;
    const started = performance.now();
    try {
      const result = await host.run(job, (model, signal) =>
        model.sample(chosenSeed, {
          count: n,
          temperature: t,
          signal,
          ...(label !== undefined ? { labels: label } : {}),
          onProgress: (done, total, partial) => {
            progress.value = done / total;
            rowsDone = Math.round((done / total) * SIDE);
            grid.dataset.rows = String(rowsDone);
            canvases.forEach((canvas, k) => paintGrey(canvas, partial.data, k, SIDE, rowsDone));
          },
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      canvases.forEach((canvas, k) => paintGrey(canvas, result.data, k, SIDE));
      host.recordTiming(seconds, n);
      grid.dataset.state = 'done';
      const what = label === undefined ? 'every class in turn' : `class ${label}`;
      note.textContent = `Seed ${result.seed}, ${what}, temperature ${t.toFixed(2)}: ${formatSeconds(seconds / n)} per digit on ${host.current.model?.backend} (${formatSeconds(seconds)} in all).`;
    } catch (error) {
      grid.dataset.state = isAbort(error) ? 'stopped' : 'failed';
      note.textContent = isAbort(error) ? `Stopped after row ${rowsDone} of ${SIDE}.` : `Sampling failed: ${message(error)}`;
    } finally {
      if (controller === job) {
        controller = undefined;
        stop.disabled = true;
      }
    }
  });
}
