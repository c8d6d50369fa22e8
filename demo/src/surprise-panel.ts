/**
 * How surprising is this image: the bits the model spends on every pixel (logProbMap with the
 * class summed out, so the pixels' bits add up to the image's) as a heat map, the image's bits
 * per dimension and its most likely class. Held-out digits score near 1; things that are not
 * digits far higher.
 */
import type { PixelCNNPP } from 'pixelcnnpp';
import { byId, isAbort, message } from './dom.js';
import { DrawPad } from './draw-pad.js';
import type { Example } from './examples.js';
import { EXAMPLES, HELD_OUT } from './examples.js';
import type { ModelHost } from './model-host.js';
import { heatGradient, paintGrey, paintHeat } from './render.js';
import heldOutScores from './held-out-scores.json';
import { SIDE } from './strokes.js';

/** The heat map's scale: pixels costing this many bits or more are at the top of the colour map. */
const MAX_BITS = 8;
/** The 1,000 held-out digits' bits/dim, sorted (demo/scripts/held-out-scores.ts). */
const HELD_OUT_SCORES: readonly number[] = heldOutScores.bitsPerDim;
/** Costlier than 99% of the held-out digits: "unlikely to be a digit". */
const DIGIT_LIMIT = HELD_OUT_SCORES[Math.floor(HELD_OUT_SCORES.length * 0.99)]!;
const HELD_OUT_MAX = HELD_OUT_SCORES[HELD_OUT_SCORES.length - 1]!;
const HELD_OUT_MEAN = HELD_OUT_SCORES.reduce((a, b) => a + b, 0) / HELD_OUT_SCORES.length;

/** The share of held-out digits that cost fewer bits than `bitsPerDim`. */
function heldOutBelow(bitsPerDim: number): number {
  let low = 0;
  let high = HELD_OUT_SCORES.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (HELD_OUT_SCORES[mid]! < bitsPerDim) low = mid + 1;
    else high = mid;
  }
  return low / HELD_OUT_SCORES.length;
}

function verdictFor(bitsPerDim: number): { text: string; digitLike: boolean } {
  if (bitsPerDim > HELD_OUT_MAX) return { text: 'Not like any digit', digitLike: false };
  if (bitsPerDim > DIGIT_LIMIT) return { text: 'Unlikely to be a digit', digitLike: false };
  return { text: 'Looks like a digit', digitLike: true };
}

interface Candidate {
  id: string;
  name: string;
  kind: Example['kind'] | 'drawing';
  pixels: Uint8Array;
  tile: HTMLButtonElement;
  score: HTMLElement;
}

function showScore(candidate: Candidate, bitsPerDim: number): void {
  candidate.score.textContent = `${bitsPerDim.toFixed(2)} bits/dim`;
  candidate.tile.dataset.verdict = verdictFor(bitsPerDim).digitLike ? 'digit' : 'not-digit';
}

export function setUpSurprisePanel(host: ModelHost): void {
  const tiles = byId('surprise-tiles');
  const imageCanvas = byId<HTMLCanvasElement>('surprise-image');
  const heatCanvas = byId<HTMLCanvasElement>('surprise-heat');
  const bpd = byId('surprise-bpd');
  const cls = byId('surprise-class');
  const verdict = byId('surprise-verdict');
  const note = byId('surprise-note');
  byId('surprise-legend').style.background = heatGradient();
  byId('surprise-legend-max').textContent = `${MAX_BITS}+ bits`;

  const shown = [...HELD_OUT.filter((e, i) => HELD_OUT.findIndex((f) => f.label === e.label) === i).slice(0, 5), ...EXAMPLES.filter((e) => e.kind === 'not-digit')];
  const candidates: Candidate[] = shown.map((example) => makeTile(example.id, example.name, example.kind, example.pixels));
  const drawing = makeTile('drawing', 'Your drawing', 'drawing', new Uint8Array(SIDE * SIDE));
  drawing.tile.hidden = true;
  candidates.push(drawing);
  for (const c of candidates) tiles.append(c.tile);

  const pad = new DrawPad(byId<HTMLCanvasElement>('surprise-pad'), (finished) => {
    if (!finished) return;
    drawing.pixels.set(pad.pixels);
    paintGrey(drawing.tile.querySelector('canvas')!, drawing.pixels, 0, SIDE);
    drawing.tile.hidden = pad.isEmpty;
    drawing.score.textContent = '';
    if (!pad.isEmpty) void select(drawing);
  });
  byId('surprise-clear').addEventListener('click', () => pad.clear());

  let controller: AbortController | undefined;
  let selected: Candidate | undefined;

  function makeTile(id: string, name: string, kind: Candidate['kind'], pixels: Uint8Array): Candidate {
    const tile = document.createElement('button');
    tile.type = 'button';
    tile.className = 'tile';
    tile.dataset.id = id;
    tile.dataset.kind = kind;
    tile.setAttribute('role', 'radio');
    tile.setAttribute('aria-checked', 'false');
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = SIDE;
    paintGrey(canvas, pixels, 0, SIDE);
    const title = document.createElement('span');
    title.className = 'tile-name';
    title.textContent = name;
    const score = document.createElement('span');
    score.className = 'tile-score';
    tile.append(canvas, title, score);
    const candidate = { id, name, kind, pixels, tile, score };
    tile.addEventListener('click', () => void select(candidate));
    tile.addEventListener('keydown', (event) => moveSelection(event, candidate));
    return candidate;
  }

  /** Arrow keys move between tiles, as in any radio group. */
  function moveSelection(event: KeyboardEvent, from: Candidate): void {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const visible = candidates.filter((c) => !c.tile.hidden);
    const next = visible[(visible.indexOf(from) + step + visible.length) % visible.length]!;
    next.tile.focus();
    void select(next);
  }

  function markSelected(candidate: Candidate): void {
    for (const c of candidates) {
      c.tile.setAttribute('aria-checked', String(c === candidate));
      c.tile.tabIndex = c === candidate ? 0 : -1;
    }
  }

  async function select(candidate: Candidate): Promise<void> {
    if (host.current.phase !== 'ready') return;
    selected = candidate;
    markSelected(candidate);
    controller?.abort(new DOMException('Another image was picked.', 'AbortError'));
    const job = new AbortController();
    controller = job;
    const pixels = candidate.pixels.slice();
    paintGrey(imageCanvas, pixels, 0, SIDE);
    heatCanvas.dataset.state = 'running';
    bpd.textContent = cls.textContent = verdict.textContent = '…';
    delete verdict.dataset.verdict;
    try {
      const { bits, bitsPerDim, label } = await host.run(job, (model, signal) => score(model, pixels, signal));
      if (selected !== candidate) return;
      paintHeat(heatCanvas, bits, SIDE, MAX_BITS);
      heatCanvas.dataset.state = 'done';
      heatCanvas.dataset.bitsPerDim = String(bitsPerDim);
      bpd.textContent = bitsPerDim.toFixed(3);
      cls.textContent = String(label);
      const { text, digitLike } = verdictFor(bitsPerDim);
      verdict.textContent = text;
      verdict.dataset.verdict = digitLike ? 'digit' : 'not-digit';
      showScore(candidate, bitsPerDim);
      const below = heldOutBelow(bitsPerDim);
      const rank = below === 1 ? 'more than every one' : below === 0 ? 'less than every one' : `more than ${(below * 100).toFixed(below > 0.99 ? 1 : 0)}%`;
      note.textContent = `${candidate.name}: ${(bitsPerDim * SIDE * SIDE).toFixed(0)} bits in all, ${rank} of the 1,000 held-out digits (their average: ${HELD_OUT_MEAN.toFixed(2)} bits per dimension). Its most surprising pixel costs ${Math.max(...bits).toFixed(1)} bits.`;
    } catch (error) {
      if (isAbort(error)) return;
      heatCanvas.dataset.state = 'failed';
      note.textContent = `Scoring failed: ${message(error)}`;
    }
  }

  // Keyboard users reach the group through its first tile.
  candidates[0]!.tile.tabIndex = 0;
  for (const c of candidates.slice(1)) c.tile.tabIndex = -1;

  /** Bits/dim of every shipped image at once, so the tiles tell the story at a glance. */
  async function scoreTiles(): Promise<void> {
    const shipped = candidates.filter((c) => c.kind !== 'drawing');
    const data = new Uint8Array(shipped.length * SIDE * SIDE);
    shipped.forEach((c, i) => data.set(c.pixels, i * SIDE * SIDE));
    try {
      const { bitsPerDim } = await host.run(new AbortController(), (model, signal) =>
        model.logProb({ data, shape: [shipped.length, SIDE, SIDE, 1] }, { signal }),
      );
      shipped.forEach((c, i) => showScore(c, bitsPerDim[i]!));
    } catch (error) {
      if (!isAbort(error)) note.textContent = `Scoring failed: ${message(error)}`;
    }
  }

  // Score once the first model is ready; after a backend switch only what the switch cut short
  // (the figures do not depend on the backend beyond float rounding).
  let scoredModel: PixelCNNPP | undefined;
  host.subscribe((state) => {
    if (state.phase !== 'ready' || state.model === scoredModel) return;
    const first = scoredModel === undefined;
    scoredModel = state.model;
    if (first) void select(candidates[0]!).then(scoreTiles);
    else if (selected !== undefined && heatCanvas.dataset.state !== 'done') void select(selected);
  });
}

/** Per-pixel bits and bits/dim with the class summed out, and the most likely class. */
async function score(model: PixelCNNPP, pixels: Uint8Array, signal: AbortSignal) {
  const map = await model.logProbMap({ data: pixels, shape: [1, SIDE, SIDE, 1] }, { signal });
  const bits = Array.from(map.data, (nats) => -nats / Math.LN2);
  return { bits, bitsPerDim: map.bitsPerDim[0]!, label: map.mostLikelyLabels![0]! };
}
