/**
 * A second thread inside one image's cached generation. A step's convolutions over a whole row
 * (the `u` stream's blocks, the `ul` stream's row terms, the resampling layers) are most of its
 * arithmetic, and their outputs are independent of one another: the stepper keeps its kernels'
 * memory shared, and a helper thread (an idle inference worker) runs the second half of each
 * such call on it while the stepper runs the first; a large model's calls at one position are
 * cut by output columns instead. Each output is computed by the same code in the same order on
 * either thread, so the results are the same bits as on one thread.
 *
 * The two threads meet in a control block in the shared memory. The stepper posts a call and
 * runs its half; the helper, spinning, claims the posted call with a compare-and-swap, runs it
 * and marks it done. If the helper has not claimed it by the time the stepper's half is done, the
 * stepper claims it back and runs it too: a helper that is late, descheduled or not yet started
 * costs time, never a wait.
 */
import type { StepExports } from './step-kernels.js';

/** Int32 slots of the control block. */
const STATE = 0;
/** The session being served: a stepper starts one and ends it by moving the count on. */
const SESSION = 1;
/** 1 while a helper is in `serveStepHelper`. */
const ACTIVE = 2;
/** 1 while the helper sleeps (see `IDLE_SPIN_MS`): the stepper wakes it when it posts. */
const SLEEPING = 3;
/** `pcnn_step_conv_slabs`'s ten arguments. */
const ARGS = 4;
/** Int32 slots to allocate for a control block. */
export const CONTROL_SLOTS = ARGS + 10;

/** States of the posted call. */
const IDLE = 0;
const POSTED = 1;
const CLAIMED = 2;
const DONE = 3;
/** The helper's kernel call threw: the stepper runs the half itself (and meets the error there if it is the call's). */
const FAILED = 4;

/**
 * Which calls are cut (the hand-over costs about a microsecond): those with this many outputs
 * by output, and smaller ones with this many multiply-adds (a few microseconds' work) by column.
 */
const MIN_SPLIT_OUTPUTS = 8;
const MIN_SPLIT_MACS = 65536;

/**
 * How long the helper spins without a call before it sleeps: longer than the gaps between a
 * row's calls (so that it is there for each of them), shorter than a large model's per-position
 * stretch of a row, where it would only burn a core.
 */
const IDLE_SPIN_MS = 2;
/** A sleeping helper checks its session at least this often, woken or not. */
const SLEEP_MS = 100;

/** Bytes of stack the helper's instance gets (the build's own stack is 64 KiB). */
export const HELPER_STACK_BYTES = 65536;

/** A thread to lend to a stepper: see `StepperOptions.helper`. */
export interface StepHelperThread {
  /**
   * Has the thread serve session `session` of the control block at byte `control` of `memory`,
   * with its stack below byte `stackTop`, until the session ends. False if no thread is free.
   */
  serve(memory: WebAssembly.Memory, control: number, stackTop: number, session: number): boolean;
}

/** The stepper's side of a session: splits `pcnn_step_conv` calls with the helper. */
export class StepHelper {
  /**
   * Starts a session on the control block at `control` (a network's, see `StepNetwork`), or
   * returns undefined if no thread is free. The last session's helper may still be leaving; a
   * block and its stack serve one helper at a time (see `serveStepHelper`).
   */
  static start(kernels: StepExports, { control, stackTop }: { control: number; stackTop: number }, thread: StepHelperThread): StepHelper | undefined {
    const c = new Int32Array(kernels.memory.buffer, control, CONTROL_SLOTS);
    Atomics.store(c, STATE, IDLE);
    const session = Atomics.add(c, SESSION, 1) + 1;
    if (!thread.serve(kernels.memory, control, stackTop, session)) {
      Atomics.add(c, SESSION, 1);
      return undefined;
    }
    return new StepHelper(kernels, c, session);
  }

  /** Calls split so far, and of those the halves the helper ran. */
  split = 0;
  helped = 0;

  private constructor(
    private readonly kernels: StepExports,
    private readonly control: Int32Array,
    private readonly session: number,
  ) {}

  /** Whether the helper has arrived and the session is on. */
  get serving(): boolean {
    return Atomics.load(this.control, ACTIVE) === 1 && Atomics.load(this.control, SESSION) === this.session;
  }

  /**
   * `pcnn_step_conv` with the same arguments: its outputs `m >= M / 2`, or for fewer outputs its
   * second half of output columns, run by the helper if it is there to take them.
   */
  conv(M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number): void {
    const k = this.kernels;
    const slabs = (N + 7) >> 3;
    if (!helperCuts(M, T, K, N)) {
      k.pcnn_step_conv(M, T, K, N, xs, ws, biases, outs);
      return;
    }
    if (M >= MIN_SPLIT_OUTPUTS) {
      const h = M >> 1;
      this.post(M - h, T, K, N, xs + 4 * h * T, ws, biases + 4 * h, outs + 4 * h, 0, slabs);
      k.pcnn_step_conv_slabs(h, T, K, N, xs, ws, biases, outs, 0, slabs);
    } else {
      const h = slabs >> 1;
      this.post(M, T, K, N, xs, ws, biases, outs, h, slabs);
      k.pcnn_step_conv_slabs(M, T, K, N, xs, ws, biases, outs, 0, h);
    }
    this.split++;
    const c = this.control;
    let state = Atomics.compareExchange(c, STATE, POSTED, CLAIMED);
    if (state !== POSTED) {
      // Claimed by the helper: its outputs are written once it stores DONE.
      while ((state = Atomics.load(c, STATE)) === CLAIMED);
      if (state === DONE) this.helped++;
    }
    if (state !== DONE) k.pcnn_step_conv_slabs(c[ARGS]!, T, K, N, c[ARGS + 4]!, ws, c[ARGS + 6]!, c[ARGS + 7]!, c[ARGS + 8]!, c[ARGS + 9]!);
    Atomics.store(c, STATE, IDLE);
  }

  /** Posts a `pcnn_step_conv_slabs` call for the helper, waking it if it sleeps. */
  private post(M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number, s0: number, s1: number): void {
    const c = this.control;
    c[ARGS] = M;
    c[ARGS + 1] = T;
    c[ARGS + 2] = K;
    c[ARGS + 3] = N;
    c[ARGS + 4] = xs;
    c[ARGS + 5] = ws;
    c[ARGS + 6] = biases;
    c[ARGS + 7] = outs;
    c[ARGS + 8] = s0;
    c[ARGS + 9] = s1;
    // Sequentially consistent: the helper that sees POSTED sees the arguments.
    Atomics.store(c, STATE, POSTED);
    if (Atomics.load(c, SLEEPING) !== 0) wake(c);
  }

  /** Ends the session: the helper returns from `serveStepHelper`. */
  stop(): void {
    Atomics.add(this.control, SESSION, 1);
    wake(this.control);
  }
}

/** Whether `StepHelper.conv` cuts a call of these sizes in two (by outputs or by output columns). */
export function helperCuts(M: number, T: number, K: number, N: number): boolean {
  return M >= MIN_SPLIT_OUTPUTS || (N > 8 && M * T * K * N >= MIN_SPLIT_MACS);
}

function wake(c: Int32Array): void {
  Atomics.store(c, SLEEPING, 0);
  Atomics.notify(c, SLEEPING);
}

/**
 * The helper's side, on its own instance of the shared build: claims and runs posted calls while
 * `session` lasts. Blocks its thread meanwhile: it spins between calls (waking from a futex costs
 * more than a call), and sleeps after `IDLE_SPIN_MS` without one until the stepper posts again.
 * Returns at once if another helper is still in the block: the block's stack is for one thread.
 */
export function serveStepHelper(kernels: StepExports, control: number, stackTop: number, session: number): void {
  const c = new Int32Array(kernels.memory.buffer, control, CONTROL_SLOTS);
  if (Atomics.compareExchange(c, ACTIVE, 0, 1) !== 0) return;
  kernels.__stack_pointer!.value = stackTop;
  try {
    let idleSince = performance.now();
    for (let spins = 0; Atomics.load(c, SESSION) === session; spins++) {
      if (Atomics.load(c, STATE) === POSTED && Atomics.compareExchange(c, STATE, POSTED, CLAIMED) === POSTED) {
        try {
          kernels.pcnn_step_conv_slabs(c[ARGS]!, c[ARGS + 1]!, c[ARGS + 2]!, c[ARGS + 3]!, c[ARGS + 4]!, c[ARGS + 5]!, c[ARGS + 6]!, c[ARGS + 7]!, c[ARGS + 8]!, c[ARGS + 9]!);
        } catch (error) {
          // The stepper must not wait for outputs that will never come.
          Atomics.store(c, STATE, FAILED);
          throw error;
        }
        Atomics.store(c, STATE, DONE);
        idleSince = performance.now();
      } else if ((spins & 1023) === 0 && performance.now() - idleSince > IDLE_SPIN_MS) {
        Atomics.store(c, SLEEPING, 1);
        // Checked again after the flag is up: a call posted before it would not wake us.
        if (Atomics.load(c, STATE) !== POSTED && Atomics.load(c, SESSION) === session) Atomics.wait(c, SLEEPING, 1, SLEEP_MS);
        Atomics.store(c, SLEEPING, 0);
        idleSince = performance.now();
      }
    }
  } finally {
    Atomics.store(c, ACTIVE, 0);
  }
}
