/** `ordo doctor`'s report: one line per check, its fix beneath when something is wrong. */
import type { CheckStatus, DoctorResult } from '../commands/doctor.js';
import type { RenderOptions } from './human.js';
import { safe, type Style } from './terminal.js';

const LABEL: Record<CheckStatus, (st: Style) => string> = {
  ok: (st) => st.green('ok   '),
  info: (st) => st.dim('info '),
  warn: (st) => st.yellow('warn '),
  error: (st) => st.red('error'),
};

export function renderDoctor(r: DoctorResult, o: RenderOptions): string {
  const st = o.style;
  const width = Math.max(...r.checks.map((c) => c.id.length));
  const lines: string[] = [];
  for (const c of r.checks) {
    lines.push(`${LABEL[c.status](st)}  ${c.id.padEnd(width)}  ${safe(c.message)}`);
    if (c.fix && c.status !== 'ok') lines.push(`${' '.repeat(7 + width)}  ${st.dim('fix:')} ${safe(c.fix)}`);
  }
  const errors = r.checks.filter((c) => c.status === 'error').length;
  const warnings = r.checks.filter((c) => c.status === 'warn').length;
  lines.push('', errors > 0 ? st.red(`${errors} problem(s) to fix${warnings ? `, ${warnings} warning(s)` : ''}.`) : warnings > 0 ? `No problems; ${warnings} warning(s).` : st.green('All is well.'));
  return lines.join('\n');
}
