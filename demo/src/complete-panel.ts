/**
 * Complete: keep the top rows of a drawing (or of a held-out digit) exactly and let the model
 * draw the rest, several times. "Guess" leaves the class to the package, which draws each
 * completion's class from p(class | kept rows), so the completions sample the model with the
 * classes summed out; the page shows that distribution beside them.
 */
import type { PixelCNNPP } from 'pixelcnnpp';
import { byId, formatSeconds, isAbort, message } from './dom.js';
import { DrawPad } from './draw-pad.js';
import { HELD_OUT } from './examples.js';
import type { ModelHost } from './model-host.js';
import { digitFigure, paintGrey } from './render.js';
import { randomSeed, readSeed } from './seeds.js';
import { SIDE } from './strokes.js';

export interface CompletePanel {
  pad: DrawPad;
}

export function setUpCompletePanel(host: ModelHost): CompletePanel {
  const frame = byId('complete-pad-frame');
  const mask = byId('complete-pad-mask');
  const line = byId('complete-pad-line');
  const rows = byId<HTMLInputElement>('complete-rows');
  const rowsValue = byId<HTMLOutputElement>('complete-rows-value');
  const classSelect = byId<HTMLSelectElement>('complete-class');
  const count = byId<HTMLSelectElement>('complete-count');
  const seed = byId<HTMLInputElement>('complete-seed');
  const run = byId<HTMLButtonElement>('complete-run');
  const stop = byId<HTMLButtonElement>('complete-stop');
  const grid = byId('complete-grid');
  const posterior = byId('complete-posterior');
  const progress = byId<HTMLProgressElement>('complete-progress');
  const note = byId('complete-note');

  const pad = new DrawPad(byId<HTMLCanvasElement>('complete-pad'), () => undefined);
  byId('complete-clear').addEventListener('click', () => pad.clear());

  for (let k = 0; k < 10; k++) classSelect.add(new Option(`${k}`, `${k}`));
  seed.value = String(randomSeed());
  byId('complete-new-seed').addEventListener('click', () => {
    seed.value = String(randomSeed());
    seed.setCustomValidity('');
  });

  const examples = byId('complete-examples');
  for (const example of HELD_OUT) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.example = example.id;
    button.setAttribute('aria-label', `${example.name} (a digit the model never saw)`);
    button.title = example.name;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = SIDE;
    paintGrey(canvas, example.pixels, 0, SIDE);
    button.append(canvas);
    button.addEventListener('click', () => pad.set(example.pixels));
    examples.append(button);
  }

  const showRows = () => {
    const kept = Number(rows.value);
    rowsValue.textContent = String(kept);
    const top = `${(kept / SIDE) * 100}%`;
    mask.style.top = top;
    line.style.top = top;
    frame.dataset.rows = String(kept);
  };
  rows.addEventListener('input', showRows);
  showRows();

  let controller: AbortController | undefined;
  stop.addEventListener('click', () => controller?.abort(new DOMException('Stopped.', 'AbortError')));
  host.subscribe((state) => {
    run.disabled = state.phase !== 'ready';
  });

  run.addEventListener('click', async () => {
    const chosenSeed = readSeed(seed);
    if (chosenSeed === undefined) return;
    controller?.abort(new DOMException('Replaced by a new completion.', 'AbortError'));
    const job = new AbortController();
    controller = job;
    const kept = Number(rows.value);
    const n = Number(count.value);
    const drawing = pad.pixels.slice();
    const fixedClass = classSelect.value === 'guess' ? undefined : Number(classSelect.value);

    grid.replaceChildren();
    posterior.hidden = true;
    grid.dataset.state = 'running';
    grid.dataset.rows = String(kept);
    stop.disabled = false;
    progress.value = 0;
    note.textContent = 'Completing…';
    const started = performance.now();
    try {
      const result = await host.run(job, async (model, signal) => {
        if (fixedClass === undefined) {
          const probabilities = await classGivenRows(model, drawing, kept, signal);
          showPosterior(posterior, probabilities, kept);
        }
        const figures = Array.from({ length: n }, (_, k) => {
          const shown = fixedClass === undefined ? 'class…' : `as a ${fixedClass}`;
          const figure = digitFigure(SIDE, shown, `Completion ${k + 1}`);
          figure.canvas.dataset.index = String(k);
          grid.append(figure.figure);
          paintGrey(figure.canvas, drawing, 0, SIDE, kept);
          return figure;
        });
        const copies = new Uint8Array(n * SIDE * SIDE);
        for (let k = 0; k < n; k++) copies.set(drawing, k * SIDE * SIDE);
        const done = await model.complete(
          { data: copies, shape: [n, SIDE, SIDE, 1] },
          {
            knownRows: kept,
            seed: chosenSeed,
            // Without labels the package draws each completion's class from p(class | kept rows).
            ...(fixedClass !== undefined ? { labels: fixedClass } : {}),
            signal,
            onProgress: (doneCount, total, partial) => {
              progress.value = doneCount / total;
              const rowsDone = Math.round((doneCount / total) * SIDE);
              figures.forEach(({ canvas }, k) => paintGrey(canvas, partial.data, k, SIDE, rowsDone));
            },
          },
        );
        figures.forEach(({ canvas, caption }, k) => {
          paintGrey(canvas, done.data, k, SIDE);
          const label = done.labels?.[k];
          if (label !== undefined) {
            caption.textContent = `as a ${label}`;
            canvas.setAttribute('aria-label', `Completion ${k + 1}, as a ${label}`);
          }
        });
        return done;
      });
      const seconds = (performance.now() - started) / 1000;
      grid.dataset.state = 'done';
      note.textContent = `Seed ${result.seed}: rows 1-${kept} kept exactly, ${SIDE - kept} drawn, in ${formatSeconds(seconds)}.`;
    } catch (error) {
      grid.dataset.state = isAbort(error) ? 'stopped' : 'failed';
      note.textContent = isAbort(error) ? 'Stopped.' : `Completion failed: ${message(error)}`;
    } finally {
      if (controller === job) {
        controller = undefined;
        stop.disabled = true;
      }
    }
  });

  return { pad };
}

/**
 * p(class | first `rows` rows) under a uniform prior, from the per-pixel map under each class
 * (exact: in the model's raster order the kept rows come first), for the chart.
 */
async function classGivenRows(model: PixelCNNPP, image: Uint8Array, rows: number, signal: AbortSignal): Promise<number[]> {
  const classes = model.config.numClasses;
  const copies = new Uint8Array(classes * SIDE * SIDE);
  for (let k = 0; k < classes; k++) copies.set(image, k * SIDE * SIDE);
  const labels = Array.from({ length: classes }, (_, k) => k);
  const map = await model.logProbMap({ data: copies, shape: [classes, SIDE, SIDE, 1] }, { labels, signal });
  const logs = labels.map((k) => {
    let sum = 0;
    for (let p = 0; p < rows * SIDE; p++) sum += map.data[k * SIDE * SIDE + p]!;
    return sum;
  });
  const top = Math.max(...logs);
  const weights = logs.map((v) => Math.exp(v - top));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

function showPosterior(element: HTMLElement, probabilities: readonly number[], rows: number): void {
  const ranked = probabilities.map((p, k) => ({ p, k })).sort((a, b) => b.p - a.p);
  const lead = ranked.filter((r) => r.p >= 0.05).slice(0, 3).map((r) => `${r.k} (${Math.round(r.p * 100)}%)`);
  const text = document.createElement('p');
  text.textContent = `Given its top ${rows} rows, this could be a ${lead.join(', ') || ranked[0]!.k}.`;
  const bars = document.createElement('div');
  bars.className = 'bars';
  bars.setAttribute('aria-hidden', 'true');
  probabilities.forEach((p, k) => {
    const bar = document.createElement('div');
    bar.className = 'bar';
    const fill = document.createElement('span');
    fill.style.height = `${Math.max(2, p * 100)}%`;
    const name = document.createElement('span');
    name.textContent = String(k);
    bar.append(fill, name);
    bars.append(bar);
  });
  element.replaceChildren(text, bars);
  element.hidden = false;
}
