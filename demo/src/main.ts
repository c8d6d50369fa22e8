/**
 * The demo page: the bundled MNIST model of the pixelcnnpp package, in four panels. The model
 * loads on the backend named by `?backend=` (auto, webgpu, webgl, wasm, cpu), 'auto' otherwise.
 */
import { setUpBackendPanel } from './backend-panel.js';
import { setUpCompletePanel } from './complete-panel.js';
import { byId } from './dom.js';
import type { BackendOption } from './model-host.js';
import { ModelHost } from './model-host.js';
import { setUpSamplePanel } from './sample-panel.js';
import { setUpSurprisePanel } from './surprise-panel.js';

const NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };
const OPTIONS: readonly BackendOption[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

const host = new ModelHost();

const status = byId('status');
const statusText = byId('status-text');
const loadRow = byId('load-row');
const loadProgress = byId<HTMLProgressElement>('load-progress');
host.subscribe((state) => {
  status.dataset.state = state.phase === 'ready' ? 'ready' : state.phase === 'failed' ? 'error' : 'busy';
  document.body.dataset.phase = state.phase;
  loadRow.hidden = state.phase !== 'loading';
  if (state.progress === undefined) loadProgress.removeAttribute('value');
  else loadProgress.value = state.progress;
  if (state.phase === 'loading') statusText.textContent = state.model ? 'Switching backend…' : 'Loading the model…';
  else if (state.phase === 'failed') statusText.textContent = 'Cannot run here';
  else if (state.model) statusText.textContent = `Ready · ${NAMES[state.model.backend] ?? state.model.backend}`;
});

setUpSamplePanel(host);
setUpCompletePanel(host);
setUpSurprisePanel(host);
setUpBackendPanel(host);

const asked = new URLSearchParams(location.search).get('backend');
void host.load(OPTIONS.includes(asked as BackendOption) ? (asked as BackendOption) : 'auto');
