/**
 * The life of one worker thread as a pool sees it: the start-up handshake, its replies, and its
 * end. Data-parallel training and inference on every core both follow their threads this way.
 */

/** The events of a Node worker thread that a pool listens to. */
export interface WorkerEvents<Reply> {
  on(event: 'message', listener: (reply: Reply) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
}

export interface FollowWorkerOptions<Reply> {
  /** Every reply but `{ type: 'ready' }`; an `Error` returned fails the start-up. */
  onReply(reply: Exclude<Reply, { type: 'ready' }>): Error | undefined;
  /** The worker crashed, or exited while the pool was not closing. */
  onFailure(failure: Error): void;
  /** Whether the pool is closing, so an exit is expected. */
  closing(): boolean;
  /** The error for a worker that crashed or exited, from what happened. */
  failure(message: string): Error;
}

/**
 * Resolves once `worker` posts `{ type: 'ready' }` and hands every later message to `onReply`;
 * a crash, or an exit before the pool closes, rejects the start-up if it has not finished and
 * goes to `onFailure`.
 */
export function followWorker<Reply extends { type: string }>(worker: WorkerEvents<Reply>, options: FollowWorkerOptions<Reply>): Promise<void> {
  return new Promise<void>((ready, failed) => {
    worker.on('message', (reply) => {
      if (reply.type === 'ready') return ready();
      const startupError = options.onReply(reply as Exclude<Reply, { type: 'ready' }>);
      if (startupError !== undefined) failed(startupError);
    });
    worker.on('error', (error) => {
      const failure = options.failure(error.message);
      failed(failure);
      options.onFailure(failure);
    });
    worker.on('exit', (code) => {
      const failure = options.failure(`a worker exited with code ${code}`);
      failed(failure);
      if (!options.closing()) options.onFailure(failure);
    });
  });
}
