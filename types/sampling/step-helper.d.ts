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
/** Int32 slots to allocate for a control block. */
export declare const CONTROL_SLOTS: number;
/** Bytes of stack the helper's instance gets (the build's own stack is 64 KiB). */
export declare const HELPER_STACK_BYTES = 65536;
/** A thread to lend to a stepper: see `StepperOptions.helper`. */
export interface StepHelperThread {
    /**
     * Has the thread serve session `session` of the control block at byte `control` of `memory`,
     * with its stack below byte `stackTop`, until the session ends. False if no thread is free.
     */
    serve(memory: WebAssembly.Memory, control: number, stackTop: number, session: number): boolean;
}
/** The stepper's side of a session: splits `pcnn_step_conv` calls with the helper. */
export declare class StepHelper {
    private readonly kernels;
    private readonly control;
    private readonly session;
    /**
     * Starts a session on the control block at `control` (a network's, see `StepNetwork`), or
     * returns undefined if no thread is free. The last session's helper may still be leaving; a
     * block and its stack serve one helper at a time (see `serveStepHelper`).
     */
    static start(kernels: StepExports, { control, stackTop }: {
        control: number;
        stackTop: number;
    }, thread: StepHelperThread): StepHelper | undefined;
    /** Calls split so far, and of those the halves the helper ran. */
    split: number;
    helped: number;
    private constructor();
    /** Whether the helper has arrived and the session is on. */
    get serving(): boolean;
    /**
     * `pcnn_step_conv` with the same arguments: its outputs `m >= M / 2`, or for fewer outputs its
     * second half of output columns, run by the helper if it is there to take them.
     */
    conv(M: number, T: number, K: number, N: number, xs: number, ws: number, biases: number, outs: number): void;
    /** Posts a `pcnn_step_conv_slabs` call for the helper, waking it if it sleeps. */
    private post;
    /** Ends the session: the helper returns from `serveStepHelper`. */
    stop(): void;
}
/** Whether `StepHelper.conv` cuts a call of these sizes in two (by outputs or by output columns). */
export declare function helperCuts(M: number, T: number, K: number, N: number): boolean;
/**
 * The helper's side, on its own instance of the shared build: claims and runs posted calls while
 * `session` lasts. Blocks its thread meanwhile: it spins between calls (waking from a futex costs
 * more than a call), and sleeps after `IDLE_SPIN_MS` without one until the stepper posts again.
 * Returns at once if another helper is still in the block: the block's stack is for one thread.
 */
export declare function serveStepHelper(kernels: StepExports, control: number, stackTop: number, session: number): void;
