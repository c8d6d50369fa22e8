export declare function defaultModelSource(): string | URL;
