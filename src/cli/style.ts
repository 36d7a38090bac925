// Colours for a terminal; every function is the identity when colour is off.
import type { ChalkInstance } from 'chalk';

export interface Style {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  highlight(s: string): string;
}

const plain = (s: string): string => s;

export const noStyle: Style = { enabled: false, bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain, highlight: plain };

export function chalkStyle(chalk: ChalkInstance): Style {
  return {
    enabled: true,
    bold: (s) => chalk.bold(s),
    dim: (s) => chalk.dim(s),
    red: (s) => chalk.red(s),
    green: (s) => chalk.green(s),
    yellow: (s) => chalk.yellow(s),
    cyan: (s) => chalk.cyan(s),
    highlight: (s) => chalk.bold.yellow(s),
  };
}

/** NO_COLOR and --no-color turn colour off; FORCE_COLOR turns it on; else a TTY decides. */
export function wantColor(flag: boolean | undefined, env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (flag === false) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  return isTTY;
}
