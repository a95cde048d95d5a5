/** Renderings for the trust commands: log, verify, sign, key. Backlog text passes through safe(). */
import type { KeyGenerated, KeyList, KeyRotated } from '../commands/keys.js';
import type { LogResult } from '../commands/log.js';
import type { SignPreview, SignResult } from '../commands/sign.js';
import type { VerifyResult } from '../commands/verify.js';
import type { AuditEvent } from '../store/events.js';
import { describeEvent, when, type RenderOptions } from './human.js';
import { eventJson } from './json.js';
import { safe } from './terminal.js';

function target(e: AuditEvent, formatKey: (n: number) => string): string {
  if (e.item !== null) return formatKey(e.item);
  if (e.goal !== null) return safe(e.goal);
  return '-';
}

/** One line per event, oldest first: id, time, who (and how they were identified), command, what. */
export function renderLog(r: LogResult, formatKey: (n: number) => string, o: RenderOptions): string {
  const st = o.style;
  const idWidth = String(r.events[r.events.length - 1]?.id ?? 0).length + 1;
  const times = r.events.map((e) => when(e.at, o));
  const timeWidth = Math.max(0, ...times.map((t) => t.length));
  const lines = r.events.map((e, i) =>
    [
      st.dim(`#${e.id}`.padEnd(idWidth)),
      st.dim(times[i]!.padEnd(timeWidth)),
      `${safe(e.actor)} ${st.dim(`(${e.source})`)}`,
      st.cyan(safe(e.command)),
      `${target(e, formatKey) === '-' ? '' : `${target(e, formatKey)} `}${describeEvent(e, formatKey)}`,
    ].join('  '),
  );
  return lines.join('\n');
}

export function logJson(r: LogResult, formatKey: (n: number) => string) {
  return {
    events: r.events.map((e) => ({ id: e.id, ...eventJson(e, formatKey), hash: e.hash })),
    chain: { ok: r.chain.ok, events: r.chain.count, head: r.chain.head, ...(r.chain.broken ? { broken: r.chain.broken } : {}) },
  };
}

export function renderVerify(r: VerifyResult, o: RenderOptions): string {
  const st = o.style;
  const lines: string[] = [];
  for (const v of r.violations) {
    const label = v.severity === 'error' ? st.red('error') : st.yellow('warn');
    lines.push(`${label}  ${v.rule}${v.key ? `  ${st.cyan(v.key)}` : ''}  ${safe(v.message)}`);
    lines.push(`       ${st.dim('fix:')} ${v.fix}`);
  }
  const trail = `audit trail   ${r.audit.events} events, ${r.audit.ok ? 'hash chain intact' : st.red('hash chain broken')}`;
  const signed =
    r.ownerKey === null
      ? 'order         not signed (no owner-key in ordo.yml)'
      : r.signatures.latest
        ? `order         signature #${r.signatures.latest.counter} by ${safe(r.signatures.latest.owner)} ${when(r.signatures.latest.at, o)}`
        : 'order         no valid signature';
  if (lines.length > 0) lines.push('');
  lines.push(trail, signed, r.ok ? st.green('verified') : st.red(`${r.violations.filter((v) => v.severity === 'error').length} error(s)`));
  return lines.join('\n');
}

export function renderSignPreview(p: SignPreview, o: RenderOptions): string {
  const st = o.style;
  const lines = [
    p.latest ? `Changes since order signature #${p.latest.counter} (${when(p.latest.at, o)}):` : 'The order has never been signed; signing covers all of it:',
  ];
  const item = (c: { key: string; title: string }) => `${st.cyan(c.key)} ${safe(c.title)}`;
  for (const c of p.entered) lines.push(`  ${st.green('entered')}  ${item(c)} at #${c.to}`);
  for (const c of p.moved) lines.push(`  ${st.yellow('moved')}    ${item(c)} #${c.from} → #${c.to}`);
  for (const c of p.left) lines.push(`  ${st.dim('left')}     ${item(c)} (was #${c.from})`);
  if (p.entered.length + p.moved.length + p.left.length === 0) lines.push('  no items entered, left or moved');
  for (const problem of p.problems) lines.push(`  ${st.dim('now:')} ${safe(problem)}`);
  lines.push(`${p.ranked} ranked items will be signed with ${p.ownerKey.slice(0, 20)}….`);
  return lines.join('\n');
}

export function renderSigned(r: SignResult): string {
  return `Signed the order (#${r.counter}, ${r.ranked} ranked items) at ${r.at}.`;
}

export function renderKeyGenerated(r: KeyGenerated): string {
  return [
    r.publicKey,
    '',
    `Private key saved in ${r.file} (only you can read it; back it up somewhere safe).`,
    r.ownerKey === r.publicKey ? '' : `To make the order verifiable, put this line in ordo.yml and run \`ordo sign\`:\n  owner-key: ${r.publicKey}`,
  ]
    .filter((l, i, all) => l !== '' || i < all.length - 1)
    .join('\n');
}

export function renderKeys(r: KeyList, o: RenderOptions): string {
  if (r.keys.length === 0) return '';
  return r.keys.map((k) => `${k.publicKey}  ${o.style.dim(k.fingerprint)}${k.ownerKey ? '  (owner-key of this project)' : ''}`).join('\n');
}

export function renderRotated(r: KeyRotated): string {
  return `Handed the Product Owner's authority to the new key (handover #${r.counter}, signed with the old key).\nowner-key in ordo.yml is now ${r.to}\nNew private key: ${r.file}`;
}
