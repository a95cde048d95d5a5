/**
 * Renderings of an `ordo check` report: text for people, the check-report JSON envelope,
 * GitHub Actions workflow commands, and JUnit XML for CI dashboards.
 */
import type { CheckReport, Violation } from '../core/check.js';
import { envelope } from './json.js';
import { safe, type Style } from './terminal.js';

export const CHECK_FORMATS = ['text', 'json', 'github', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Title of the group for rules about the backlog as a whole. */
const BACKLOG = 'backlog';

/** Does this violation fail the check? Errors always; warnings under --strict. */
function fails(report: CheckReport, v: Violation): boolean {
  return v.severity === 'error' || report.strict;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Violations grouped by item key (null: backlog-wide), in report order. */
function groupByKey(violations: Violation[]): Map<string | null, Violation[]> {
  const groups = new Map<string | null, Violation[]>();
  for (const v of violations) {
    const g = groups.get(v.key);
    if (g) g.push(v);
    else groups.set(v.key, [v]);
  }
  return groups;
}

export function renderCheckText(report: CheckReport, style: Style, options: { quiet?: boolean } = {}): string {
  const st = style;
  const titles = new Map<string, string>();
  if (report.violations.length > 0) {
    const wanted = new Set(report.violations.map((v) => v.key));
    for (const c of report.checked) {
      const key = `${report.prefix}-${c.number}`;
      if (wanted.has(key)) titles.set(key, c.title);
    }
  }
  const width = Math.max(0, ...report.violations.map((v) => v.rule.length));
  const lines: string[] = [];
  for (const [key, group] of groupByKey(report.violations)) {
    if (lines.length > 0) lines.push('');
    lines.push(key === null ? st.bold(`${BACKLOG} (ordo.yml, audit trail)`) : `${st.cyan(key)}  ${st.bold(safe(titles.get(key) ?? ''))}`);
    for (const v of group) {
      const sev = v.severity === 'error' ? st.red('error') : st.yellow('warn ');
      lines.push(`  ${sev}  ${st.dim(v.rule.padEnd(width))}  ${safe(v.message)}`);
      lines.push(`  ${' '.repeat(5)}  ${' '.repeat(width)}  ${st.dim('fix:')} ${safe(v.fix)}`);
    }
  }
  const { items, errors, warnings, failing } = report.summary;
  if (report.violations.length === 0) {
    if (options.quiet) return '';
    return `${st.green('✔')} ${plural(items, 'item')} checked: no violations`;
  }
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(items, 'item')} checked`;
  const verdict = report.ok
    ? `${st.yellow('!')} ${counts}; warnings do not fail the check (--strict makes them)`
    : `${st.red('✖')} ${counts}; the check fails (${plural(failing, 'violation')} at ${report.strict ? 'error or warn' : 'error'} severity)`;
  lines.push('', verdict);
  return lines.join('\n');
}

export function renderCheckJson(report: CheckReport): string {
  return envelope('check-report', {
    ok: report.ok,
    strict: report.strict,
    violations: report.violations.map(({ rule, severity, key, message, fix }) => ({ rule, severity, key, message, fix })),
    summary: report.summary,
  });
}

// Workflow commands: data escapes %, CR and LF; property values also ':' and ','.
// Other control characters are shown escaped so that backlog text cannot drive the log.
const OTHER_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function hexEscape(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function escapeGithubData(text: string): string {
  return text.replace(OTHER_CONTROLS, hexEscape).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error` or `::warning` workflow command per violation, then a notice with the totals. */
export function renderCheckGithub(report: CheckReport): string {
  const lines = report.violations.map((v) => {
    const command = fails(report, v) ? 'error' : 'warning';
    const title = `ordo ${v.rule}${v.key === null ? '' : ` (${v.key})`}`;
    return `::${command} title=${escapeGithubProperty(title)}::${escapeGithubData(`${v.message}. Fix: ${v.fix}`)}`;
  });
  const { items, errors, warnings } = report.summary;
  lines.push(`ordo check: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(items, 'item')} checked`);
  return lines.join('\n');
}

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF even as references.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text for XML element content. */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, hexEscape).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted XML attribute; line breaks survive as references. */
export function escapeXmlAttr(text: string): string {
  return escapeXml(text).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/**
 * JUnit XML: one testsuite "ordo check", one testcase per checked item plus one for the
 * backlog-wide rules, a <failure> per failing violation. Warnings that do not fail the
 * check go to the testcase's <system-out>, so a passing check shows no failed tests.
 */
export function renderCheckJunit(report: CheckReport, timestamp: Date): string {
  const groups = groupByKey(report.violations);
  const cases: { name: string; classname: string; violations: Violation[] }[] = [
    { name: BACKLOG, classname: 'ordo check.backlog', violations: groups.get(null) ?? [] },
    ...report.checked.map((c) => {
      const key = `${report.prefix}-${c.number}`;
      return { name: `${key} ${c.title}`, classname: 'ordo check.items', violations: groups.get(key) ?? [] };
    }),
  ];
  let failedCases = 0;
  const body: string[] = [];
  for (const c of cases) {
    const failures = c.violations.filter((v) => fails(report, v));
    const warnings = c.violations.filter((v) => !fails(report, v));
    if (failures.length > 0) failedCases += 1;
    const open = `    <testcase name="${escapeXmlAttr(c.name)}" classname="${escapeXmlAttr(c.classname)}" time="0"`;
    if (c.violations.length === 0) {
      body.push(`${open}/>`);
      continue;
    }
    body.push(`${open}>`);
    for (const v of failures) {
      body.push(
        `      <failure type="${escapeXmlAttr(v.rule)}" message="${escapeXmlAttr(`${v.rule}: ${v.message}`)}">${escapeXml(`${v.severity} ${v.rule}: ${v.message}\nfix: ${v.fix}`)}</failure>`,
      );
    }
    if (warnings.length > 0) {
      const text = warnings.map((v) => `warning ${v.rule}: ${v.message}\nfix: ${v.fix}`).join('\n');
      body.push(`      <system-out>${escapeXml(text)}</system-out>`);
    }
    body.push('    </testcase>');
  }
  const counts = `tests="${cases.length}" failures="${failedCases}" errors="0" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ordo" ${counts} time="0">`,
    `  <testsuite name="ordo check" ${counts} time="0" timestamp="${timestamp.toISOString().replace(/\.\d{3}Z$/, '')}">`,
    ...body,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}
