// The version commander prints when --version comes with other arguments (src/cli/program.ts).
// `newsdesk --version` alone is answered by bin/newsdesk.js from package.json before the CLI
// loads. Keep this equal to package.json's (test/e2e/bin-entry.test.ts checks).
export const VERSION = '0.1.0';
