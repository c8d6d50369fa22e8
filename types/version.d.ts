/** The package's version (the same as package.json's; a test checks). */
export declare const version = "0.1.0";
