/** Registers the gradients above (once per process; existing registrations win). */
export declare function registerTrainingGradients(): void;
