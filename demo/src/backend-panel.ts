/** Backend: what runs, how it was chosen, switching, and the time per digit on each. */
import type { BackendAttempt } from 'pixelcnnpp';
import { byId, formatSeconds, isAbort, message } from './dom.js';
import type { BackendOption, ModelHost } from './model-host.js';
import { cannotRunSentence } from './model-host.js';

const NAMES: Record<string, string> = { auto: 'Auto', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };

export function setUpBackendPanel(host: ModelHost): void {
  const choices = byId('backend-choice');
  const radios = [...choices.querySelectorAll<HTMLInputElement>('input[name="backend"]')];
  const name = byId('backend-name');
  const info = byId('backend-info');
  const mixture = byId('backend-mixture');
  const isolation = byId('backend-isolation');
  const how = byId('backend-how');
  const report = byId('backend-report');
  const timings = byId('backend-timings').querySelector('tbody')!;
  const note = byId('backend-note');
  const time = byId<HTMLButtonElement>('backend-time');
  const fatal = byId('fatal');

  isolation.textContent = crossOriginIsolated
    ? 'Yes: wasm may use threads'
    : 'No: wasm runs on one thread';

  for (const radio of radios) {
    radio.addEventListener('change', () => {
      if (radio.checked) void host.load(radio.value as BackendOption);
    });
  }

  time.addEventListener('click', async () => {
    time.disabled = true;
    note.textContent = 'Timing one digit…';
    try {
      const seconds = await host.run(new AbortController(), async (model, signal) => {
        const started = performance.now();
        await model.sample({ seed: 0, labels: 0, signal });
        return (performance.now() - started) / 1000;
      });
      host.recordTiming(seconds, 1);
      note.textContent = `One digit in ${formatSeconds(seconds)} on ${host.current.model?.backend}.`;
    } catch (error) {
      note.textContent = isAbort(error) ? '' : `Timing failed: ${message(error)}`;
    } finally {
      time.disabled = host.current.phase !== 'ready';
    }
  });

  host.onTiming(() => {
    timings.replaceChildren(
      ...[...host.timings.values()].map((t) => {
        const row = document.createElement('tr');
        row.dataset.backend = t.backend;
        for (const text of [NAMES[t.backend] ?? t.backend, formatSeconds(t.secondsPerDigit), `${t.digits} digit${t.digits > 1 ? 's' : ''}`]) {
          const cell = document.createElement('td');
          cell.textContent = text;
          row.append(cell);
        }
        return row;
      }),
    );
  });

  host.subscribe((state) => {
    const busy = state.phase === 'loading';
    for (const radio of radios) {
      radio.disabled = busy;
      radio.checked = radio.value === state.choice;
    }
    time.disabled = state.phase !== 'ready';
    const model = state.model;
    document.body.dataset.backend = model?.backend ?? '';
    if (busy) {
      note.textContent = `Starting ${NAMES[state.choice]}…`;
    } else if (model !== undefined) {
      name.textContent = NAMES[model.backend] ?? model.backend;
      info.textContent = model.backendInfo;
      mixture.textContent = model.mixtureImpl;
      how.textContent =
        state.choice === 'auto'
          ? 'Auto tries WebGPU, then WebAssembly, then CPU, and runs on the first that starts; a WebGPU adapter that is only software (hundreds of times slower than WebAssembly) is passed over.'
          : `${NAMES[state.choice]} was asked for by name, so nothing else was tried.`;
      report.replaceChildren(...model.backendReport.map(reportItem));
      note.textContent = state.error
        ? `${NAMES[state.failedChoice ?? ''] ?? 'That backend'} could not start: ${state.error.message} Still running on ${NAMES[model.backend] ?? model.backend}.`
        : `Loaded in ${formatSeconds(state.loadSeconds ?? 0)}.`;
    }
    if (state.phase === 'failed' && state.error) {
      fatal.textContent = cannotRunSentence(state.error);
      fatal.hidden = false;
      note.textContent = state.error.message;
    } else {
      fatal.hidden = true;
    }
  });
}

/** One candidate of `model.backendReport`: its name, what became of it, and why. */
function reportItem(attempt: BackendAttempt): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.backend = attempt.name;
  item.dataset.status = attempt.status;
  const title = document.createElement('b');
  title.textContent = NAMES[attempt.name] ?? attempt.name;
  const outcome = document.createElement('span');
  outcome.className = 'outcome';
  outcome.textContent = attempt.status === 'chosen' ? 'Chosen' : attempt.status === 'passed over' ? 'Passed over' : 'Unavailable';
  const why = document.createElement('span');
  why.className = 'why';
  why.textContent = attempt.detail;
  item.append(title, outcome, why);
  return item;
}
