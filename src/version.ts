// The version, alone in a module: `newsdesk --version` prints it without loading the CLI
// (bin/newsdesk.js), so it costs no more than starting Node. Keep it equal to package.json's
// (test/e2e/binary.test.ts checks).
export const VERSION = '0.1.0';
