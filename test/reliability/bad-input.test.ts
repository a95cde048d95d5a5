/**
 * The bad-input catalogue: malformed, hostile and broken input through the real binary.
 * Every case asserts the exit code, a message that says what is wrong and a hint that says
 * how to fix it, and that .ordo/backlog.db is byte-identical afterwards.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync, truncateSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, OWNER, Sandbox, STRANGER, type RunResult } from '../helpers/cli.js';

interface Case {
  name: string;
  args: string[];
  user?: string;
  env?: Record<string, string | undefined>;
  /** Breaks the backlog before the command runs; the "before" hash is taken after it. */
  setup?: (sb: Sandbox) => void;
  /** Runs the command some other way than sb.run (e.g. under a file size limit). */
  run?: (sb: Sandbox, args: string[]) => RunResult;
  code: number;
  /** What went wrong: matched against the "error:" line(s). */
  what: RegExp;
  /** How to fix it: matched against the "hint:" line. */
  fix: RegExp;
  /** Undoes what setup did that would stop the sandbox from being removed. */
  teardown?: (sb: Sandbox) => void;
}

const ITEM = ['--value', '8', '--why', 'Shoppers abandon carts when this is missing', '--goal', 'G1'];
const yml = (sb: Sandbox) => join(sb.dir, 'ordo.yml');
const writeConfig = (text: string) => (sb: Sandbox) => writeFileSync(yml(sb), text);
const GOOD_CONFIG = `product: Acme\nowner: ${OWNER}\n`;

/** Linux limits one argv string to 128 KiB (MAX_ARG_STRLEN), so a 1 MB title cannot reach any program; 120 KB is the longest that can. */
const LONG = 'x'.repeat(120_000);

const isRoot = process.getuid?.() === 0;
/** As root, chmod does not stop writes; the immutable attribute (chattr +i) does, where the file system has it. */
function chattrWorks(dir: string): boolean {
  const probe = join(dir, 'chattr-probe');
  writeFileSync(probe, '');
  const ok = spawnSync('chattr', ['+i', probe]).status === 0;
  if (ok) spawnSync('chattr', ['-i', probe]);
  rmSync(probe, { force: true });
  return ok;
}
function makeReadOnly(path: string): void {
  if (isRoot) expect(spawnSync('chattr', ['+i', path]).status).toBe(0);
  else chmodSync(path, statSync(path).isDirectory() ? 0o555 : 0o444);
}
function makeWritable(path: string): void {
  if (isRoot) spawnSync('chattr', ['-i', path]);
  else chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
}

/** Runs ordo with the process's file size limit at the database's current size: writes that grow it fail like a full disk. */
function withFullDisk(sb: Sandbox, args: string[]): RunResult {
  const kib = Math.floor(statSync(sb.dbPath).size / 1024);
  const script = `trap '' XFSZ; ulimit -f ${kib}; exec "$0" "$@"`;
  const r = spawnSync('bash', ['-c', script, process.execPath, BIN, ...args], {
    cwd: sb.dir,
    env: { PATH: process.env.PATH ?? '', HOME: sb.home, NO_COLOR: '1', ORDO_USER: OWNER },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout), errorJson: () => JSON.parse(r.stderr) };
}

const CASES: Case[] = [
  // Unknown commands and flags
  { name: 'unknown command', args: ['frobnicate'], code: 2, what: /unknown command 'frobnicate'/, fix: /ordo --help/ },
  { name: 'misspelt command', args: ['lsit'], code: 2, what: /unknown command 'lsit'[\s\S]*Did you mean list\?/, fix: /ordo --help/ },
  { name: 'unknown flag', args: ['list', '--colour'], code: 2, what: /unknown option '--colour'/, fix: /--help/ },
  { name: 'misspelt flag', args: ['move', 'ORD-1', '--bottm'], code: 2, what: /unknown option '--bottm'[\s\S]*--bottom/, fix: /--help/ },
  { name: 'unknown subcommand of goal', args: ['goal', 'delete', 'G1'], code: 2, what: /unknown command 'delete'/, fix: /--help/ },
  { name: 'too many arguments', args: ['show', 'ORD-1', 'ORD-2'], code: 2, what: /too many arguments/, fix: /--help/ },
  // Missing and malformed arguments
  { name: 'missing key', args: ['show'], code: 2, what: /missing required argument 'key'/, fix: /--help/ },
  { name: 'missing option value', args: ['add', 'T', '--value'], code: 2, what: /option '--value <n>' argument missing/, fix: /--help/ },
  { name: 'move without a place', args: ['move', 'ORD-1'], code: 2, what: /Say where to move/, fix: /--top, --bottom/ },
  { name: 'move to two places', args: ['move', 'ORD-1', '--top', '--bottom'], code: 2, what: /only one place/, fix: /one of --top/ },
  { name: 'malformed key', args: ['show', 'ORD-x'], code: 2, what: /"ORD-x" is not an item key/, fix: /ORD-12/ },
  { name: 'key with another prefix', args: ['show', 'ABC-1'], code: 2, what: /"ABC-1" is not an item key/, fix: /ORD-12/ },
  { name: 'key zero', args: ['show', 'ORD-0'], code: 2, what: /not an item key/, fix: /ordo list/ },
  { name: 'add without why and goal', args: ['add', 'Title', '--value', '8'], code: 2, what: /needs --why, --goal/, fix: /For example: ordo add/ },
  { name: 'empty title', args: ['add', '   ', ...ITEM], code: 2, what: /needs a title/, fix: /first argument/ },
  { name: 'triage without a decision', args: ['triage', 'ORD-1'], code: 2, what: /--accept or --reject/, fix: /ordo triage ORD-1 --accept/ },
  { name: 'drop without a reason', args: ['drop', 'ORD-1'], code: 2, what: /reason is required/, fix: /--reason/ },
  { name: 'edit with nothing to change', args: ['edit', 'ORD-1'], code: 2, what: /Nothing to change/, fix: /ordo edit ORD-3/ },
  { name: 'unknown --at', args: ['add', 'T', ...ITEM, '--at', 'sideways'], code: 2, what: /--at "sideways" is not a place/, fix: /--at top/ },
  { name: 'unknown item type', args: ['add', 'T', ...ITEM, '--type', 'epic'], code: 2, what: /Unknown item type "epic"/, fix: /--type bug/ },
  { name: 'unknown status filter', args: ['list', '--status', 'finished'], code: 2, what: /Unknown status "finished"/, fix: /--status in-progress/ },
  { name: 'ORDO_NOW not a date', args: ['list'], env: { ORDO_NOW: 'yesterday' }, code: 2, what: /ORDO_NOW="yesterday" is not a date/, fix: /ISO 8601/ },
  // Values off the scale
  { name: 'value not on the scale', args: ['add', 'T', ...ITEM.slice(2), '--value', '4'], code: 2, what: /Business value 4 is not on the value scale/, fix: /nearest value/ },
  { name: 'value huge', args: ['add', 'T', ...ITEM.slice(2), '--value', '1e309'], code: 2, what: /not on the value scale/, fix: /nearest value/ },
  { name: 'value not a number', args: ['add', 'T', ...ITEM.slice(2), '--value', 'high'], code: 2, what: /Business value high/, fix: /nearest value/ },
  { name: 'negative estimate', args: ['add', 'T', ...ITEM, '--estimate', '-1'], code: 2, what: /Estimate "-1"/, fix: /--estimate 3/ },
  { name: 'estimate off the scale', args: ['add', 'T', ...ITEM, '--estimate', '1001'], code: 2, what: /from 0 to 1000/, fix: /--estimate 3/ },
  { name: 'position zero', args: ['move', 'ORD-1', '--to', '0'], code: 2, what: /--to expects a whole number of 1 or more, got "0"/, fix: /--to 3/ },
  { name: 'fractional position', args: ['move', 'ORD-1', '--to', '2.5'], code: 2, what: /got "2.5"/, fix: /--to 3/ },
  { name: 'position past every integer', args: ['move', 'ORD-1', '--to', '99999999999999999999'], code: 2, what: /whole number/, fix: /--to 3/ },
  { name: 'position past the end', args: ['move', 'ORD-1', '--to', '99'], code: 2, what: /Position 99 is past the end of the order \(3 is the last/, fix: /from 1 to 3/ },
  { name: 'list limit zero', args: ['list', '--limit', '0'], code: 2, what: /--limit expects a whole number/, fix: /--limit 3/ },
  { name: 'next with a word', args: ['next', 'many'], code: 2, what: /ordo next expects a whole number/, fix: /ordo next 3/ },
  // Very long text
  { name: '120 KB title (the argv limit; 1 MB cannot be passed)', args: ['add', LONG, ...ITEM], code: 2, what: /title is 120000 characters long; the limit is 200/, fix: /--desc/ },
  { name: '120 KB rationale', args: ['add', 'T', '--value', '8', '--goal', 'G1', '--why', LONG], code: 2, what: /rationale is 120000 characters long; the limit is 10000/, fix: /put the detail in --desc/ },
  // Permissions, not found, conflicts
  { name: 'move by a stakeholder', args: ['move', 'ORD-2', '--top'], user: STRANGER, code: 3, what: /Only the Product Owner \(alice@example.com\) may change the order; you are zed@example.com \(from ORDO_USER\)/, fix: /Ask alice@example.com/ },
  { name: 'unknown item', args: ['show', 'ORD-999'], code: 4, what: /No item ORD-999/, fix: /ordo list --all/ },
  { name: 'unknown goal', args: ['add', 'T', ...ITEM.slice(0, 4), '--goal', 'NOPE'], code: 4, what: /No roadmap goal "NOPE"/, fix: /Known goals: G1/ },
  { name: '-C to a missing directory', args: ['-C', '/nonexistent/dir', 'list'], code: 4, what: /-C \/nonexistent\/dir: no such directory/, fix: /existing directory/ },
  { name: 'accept an item not done', args: ['accept', 'ORD-1'], code: 5, what: /Cannot accept ORD-1: it is ready/, fix: /ordo start ORD-1/ },
  { name: 'init twice', args: ['init', '--yes'], code: 5, what: /already exists: this directory holds a backlog/, fix: /Use the backlog that is here/ },
  // SQL-looking input is data: refused here only because the key is malformed, never executed
  { name: 'SQL in a key', args: ['show', "1'); DROP TABLE items;--"], code: 2, what: /is not an item key/, fix: /ORD-12/ },
  { name: 'SQL in a goal id', args: ['add', 'T', ...ITEM.slice(0, 4), '--goal', "G1' OR '1'='1"], code: 4, what: /No roadmap goal "G1' OR '1'='1"/, fix: /Known goals/ },
  // ordo.yml: missing, malformed, hostile
  { name: 'ordo.yml missing', args: ['list'], setup: (sb) => rmSync(yml(sb)), code: 4, what: /No ordo.yml found/, fix: /ordo init/ },
  { name: 'ordo.yml not YAML', args: ['list'], setup: writeConfig('product: [unclosed\nowner: a@b.c\n'), code: 6, what: /ordo.yml:\d+:\d+: not valid YAML/, fix: /Fix the YAML syntax/ },
  { name: 'ordo.yml empty', args: ['list'], setup: writeConfig(''), code: 6, what: /`product` is required[\s\S]*`owner` is required/, fix: /Configuration/ },
  { name: 'ordo.yml wrong types', args: ['list'], setup: writeConfig(`${GOOD_CONFIG}managers: 5\nvalue:\n  scale: [one, two]\n`), code: 6, what: /`managers`[\s\S]*`value.scale.0`/, fix: /Fix the key named above/ },
  { name: 'ordo.yml duplicate keys', args: ['list'], setup: writeConfig(`${GOOD_CONFIG}owner: mallory@example.com\n`), code: 6, what: /Map keys must be unique/, fix: /Fix the YAML syntax/ },
  { name: 'ordo.yml unknown key', args: ['list'], setup: writeConfig(`${GOOD_CONFIG}ownr: x\n`), code: 6, what: /unknown key "ownr" \(did you mean "owner"\?\)/, fix: /Configuration/ },
  {
    name: 'ordo.yml alias bomb',
    args: ['list'],
    setup: writeConfig(
      `${GOOD_CONFIG}a: &a [x, x, x, x, x, x, x, x, x]\n` +
        ['b', 'c', 'd', 'e', 'f', 'g'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`).join('\n') + '\n',
    ),
    code: 6,
    what: /not a usable configuration: Excessive alias count/,
    fix: /needs no YAML anchors or aliases/,
  },
  { name: 'ordo.yml nested 20,000 deep', args: ['list'], setup: writeConfig(`${GOOD_CONFIG}x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`), code: 6, what: /not valid YAML|nested too deeply/, fix: /Fix the YAML syntax/ },
  { name: 'ordo.yml of 2 MB', args: ['list'], setup: writeConfig(`${GOOD_CONFIG}# ${'padding '.repeat(250_000)}\n`), code: 6, what: /ordo.yml is 1\.9 MB; ordo reads the configuration of at most 256 KB \(262144 bytes\)/, fix: /git checkout -- ordo.yml/ },
  { name: 'ordo.yml is a directory', args: ['list'], setup: (sb) => (rmSync(yml(sb)), mkdirSync(yml(sb))), code: 6, what: /ordo.yml is a directory, not a file/, fix: /git checkout -- ordo.yml/ },
  // The database: corrupt, truncated, empty, from a newer ordo
  { name: 'corrupt database', args: ['list'], setup: (sb) => writeFileSync(sb.dbPath, Buffer.alloc(8192, 0x5a)), code: 6, what: /is not a valid ordo database/, fix: /git checkout -- .ordo\/backlog.db/ },
  { name: 'conflict markers in the database', args: ['add', 'T', ...ITEM], setup: (sb) => writeFileSync(sb.dbPath, '<<<<<<< HEAD\n=======\n>>>>>>> theirs\n'), code: 6, what: /is not a valid ordo database/, fix: /Restore it from git/ },
  { name: 'truncated database, read', args: ['list', '--all'], setup: (sb) => truncateSync(sb.dbPath, 12_288), code: 6, what: /is not a valid ordo database/, fix: /Restore it from git/ },
  { name: 'truncated database, write', args: ['add', 'T', ...ITEM], setup: (sb) => truncateSync(sb.dbPath, 12_288), code: 6, what: /is not a valid ordo database/, fix: /Restore it from git/ },
  { name: 'empty database file', args: ['add', 'T', ...ITEM], setup: (sb) => truncateSync(sb.dbPath, 0), code: 6, what: /is empty \(0 bytes\)/, fix: /Restore it from git/ },
  { name: 'database from a newer ordo, read', args: ['list'], setup: (sb) => setUserVersion(sb, 99), code: 6, what: /written by a newer ordo \(schema version 99/, fix: /Upgrade ordo/ },
  { name: 'database from a newer ordo, write', args: ['add', 'T', ...ITEM], setup: (sb) => setUserVersion(sb, 99), code: 6, what: /newer ordo/, fix: /will not touch the file/ },
  // Read-only directory and file, full disk
  {
    name: 'read-only .ordo directory',
    args: ['add', 'T', ...ITEM],
    setup: (sb) => makeReadOnly(join(sb.dir, '.ordo')),
    teardown: (sb) => makeWritable(join(sb.dir, '.ordo')),
    code: 6,
    what: /Cannot write .*backlog.db/,
    fix: /may write to the file and to its directory .ordo/,
  },
  {
    name: 'read-only database file',
    args: ['move', 'ORD-3', '--top'],
    setup: (sb) => makeReadOnly(sb.dbPath),
    teardown: (sb) => makeWritable(sb.dbPath),
    code: 6,
    what: /Cannot write .*backlog.db/,
    fix: /may write to the file/,
  },
  {
    name: 'full disk (file size limit)',
    args: ['add', 'T', ...ITEM, '--desc', 'd'.repeat(9_000)],
    run: withFullDisk,
    code: 6,
    what: /Could not write .*backlog.db .*; nothing was changed/,
    fix: /Free some disk space/,
  },
  // Files that are not files, or too large to be what they claim: refused before a byte is read
  { name: 'ordo.yml a symlink to /dev/zero', args: ['check'], setup: (sb) => (rmSync(yml(sb)), symlinkSync('/dev/zero', yml(sb))), code: 6, what: /ordo.yml is a device, not a file/, fix: /git checkout -- ordo.yml/ },
  { name: 'ordo.yml a FIFO', args: ['list'], setup: (sb) => (rmSync(yml(sb)), mkfifo(yml(sb))), code: 6, what: /ordo.yml is a FIFO \(named pipe\), not a file/, fix: /git checkout -- ordo.yml/ },
  { name: 'ordo.yml not UTF-8', args: ['list'], setup: (sb) => writeFileSync(yml(sb), Buffer.concat([Buffer.from(GOOD_CONFIG), Buffer.from([0x23, 0x20, 0xc3, 0x28, 0x0a])])), code: 6, what: /ordo.yml:3: the configuration is not UTF-8 text \(byte \d+/, fix: /git checkout -- ordo.yml/ },
  { name: 'ordo.yml owner with a NUL', args: ['list'], setup: writeConfig('product: Acme\nowner: "alice@example.com\\0"\n'), code: 6, what: /`owner` is not a usable identity: it holds the control character U\+0000/, fix: /Fix the key named above/ },
  { name: 'ordo.yml owner empty', args: ['list'], setup: writeConfig('product: Acme\nowner: "  "\n'), code: 6, what: /`owner` must not be empty/, fix: /Fix the key named above/ },
  { name: 'import /dev/zero', args: ['import', '/dev/zero', '--replace'], code: 6, what: /\/dev\/zero is a device, not a file: ordo reads an import only from a regular file/, fix: /ordo export --format yaml/ },
  { name: 'import a FIFO (no hang)', args: ['import', 'pipe.yaml', '--replace'], setup: (sb) => mkfifo(join(sb.dir, 'pipe.yaml')), code: 6, what: /pipe.yaml is a FIFO/, fix: /ordo export/ },
  { name: 'import a directory', args: ['import', '.ordo', '--replace'], code: 6, what: /\.ordo is a directory, not a file/, fix: /ordo export/ },
  { name: 'import of 129 MB (sparse)', args: ['import', 'huge.json', '--replace'], setup: (sb) => (writeFileSync(join(sb.dir, 'huge.json'), ''), truncateSync(join(sb.dir, 'huge.json'), 129 * 1024 * 1024)), code: 6, what: /huge.json is 129 MB; ordo reads an import of at most 128 MB/, fix: /Guarantees/ },
  { name: 'import of 5 MB YAML not in the export layout', args: ['import', 'big.yaml', '--replace'], setup: (sb) => writeFileSync(join(sb.dir, 'big.yaml'), `schemaVersion: &v 1\n# ${'x'.repeat(5 * 1024 * 1024)}\n`), code: 6, what: /is not in the layout `ordo export` writes, and a file of 5 MB/, fix: /convert the file to JSON/ },
  { name: 'import not UTF-8', args: ['import', 'good.yaml', '--replace'], setup: (sb) => {
      const file = join(sb.dir, 'good.yaml');
      const bytes = readFileSync(file);
      bytes[bytes.indexOf('title: Item 1') + 12] = 0xff;
      writeFileSync(file, bytes);
    }, code: 6, what: /good.yaml:\d+: an import is not UTF-8 text/, fix: /ordo export/ },
  // Import files: what add and edit refuse, a file cut short, YAML tricks; YAML and JSON
  { name: 'import cut at an item boundary', args: ['import', 'good.yaml', '--replace'], setup: editFile('good.yaml', (t) => t.slice(0, t.indexOf('  - number', t.indexOf('  - number') + 1))), code: 6, what: /says it holds 3 items, \d+ events, but holds 1 items, 0 events: it is incomplete/, fix: /copy the whole file/ },
  { name: 'import without its end line', args: ['import', 'good.yaml', '--replace'], setup: editFile('good.yaml', (t) => t.replace(/end: ordo-backlog\n$/, '')), code: 6, what: /ends before its last line `end: ordo-backlog`: it was cut short/, fix: /copy the whole file/ },
  { name: 'import JSON cut short', args: ['import', 'good.json', '--replace'], setup: editFile('good.json', (t) => t.slice(0, t.lastIndexOf('"end"'))), code: 6, what: /not valid JSON/, fix: /export the file again/ },
  { name: 'import with a YAML alias', args: ['import', 'good.yaml', '--replace'], setup: editFile('good.yaml', (t) => t.replace('title: Faster checkout', 'title: &t Faster checkout').replace('title: Item 1', 'title: *t')), code: 6, what: /uses YAML anchors and aliases/, fix: /Write the values out/ },
  { name: 'import a title that is a number', args: ['import', 'good.json', '--replace'], setup: editJson((d) => (d.items[1].title = 5)), code: 6, what: /good.json:\d+:\d+: items\[1\]\.title must be a string, got the number 5/, fix: /Fix the fields named above/ },
  { name: 'import a 1 MB title', args: ['import', 'good.json', '--replace'], setup: editJson((d) => (d.items[0].title = 'x'.repeat(1_000_000))), code: 6, what: /items\[0\]\.title is 1000000 characters long; the limit is 200/, fix: /Fix the fields/ },
  { name: 'import a createdAt that is not a date', args: ['import', 'good.yaml', '--replace'], setup: editFile('good.yaml', (t) => t.replace(/createdAt: "[^"]+"/, 'createdAt: yesterday')), code: 6, what: /good.yaml:\d+:5: goals\[0\]\.createdAt "yesterday" is not a date and time/, fix: /Fix the fields/ },
  { name: 'import an event naming item 999', args: ['import', 'good.json', '--replace'], setup: editJson((d) => (d.events[d.events.length - 1].item = 999)), code: 6, what: /events\[\d+\]\.item names item 999, which is not in this file/, fix: /Fix the fields/ },
  { name: 'import a negative value', args: ['import', 'good.json', '--replace'], setup: editJson((d) => (d.items[0].value = -8)), code: 6, what: /items\[0\]\.value -8 is not on the value scale/, fix: /Fix the fields/ },
  { name: 'import an estimate of Infinity (YAML .inf)', args: ['import', 'good.yaml', '--replace'], setup: editFile('good.yaml', (t) => t.replace('    value: 8\n', '    value: 8\n    estimate: .inf\n')), code: 6, what: /items\[0\]\.estimate (must be a number, got Infinity|Infinity is not a number of points)/, fix: /Fix the fields/ },
  { name: 'import NaN in JSON', args: ['import', 'good.json', '--replace'], setup: editFile('good.json', (t) => t.replace('"value":8', '"value":NaN')), code: 6, what: /not valid JSON/, fix: /Fix the JSON syntax/ },
  { name: 'import a duplicate JSON key', args: ['import', 'good.json', '--replace'], setup: editFile('good.json', (t) => t.replace('"title":"Item 1"', '"title":"Item 1","title":"Other"')), code: 6, what: /the field "title" appears twice in one record/, fix: /Keep one of the two/ },
  { name: 'import a goal id with a look-alike digit', args: ['import', 'good.json', '--replace'], setup: editJson((d) => (d.goals[0].id = 'G\uff11')), code: 6, what: /goals\[0\]\.id "G１" cannot be a goal id/, fix: /Fix the fields/ },
  { name: 'import an actor with a control character', args: ['import', 'good.json', '--replace'], setup: editJson((d) => (d.events[0].actor = 'alice\u0007@example.com')), code: 6, what: /events\[0\]\.actor is not an identity: it holds the control character U\+0007/, fix: /Fix the fields/ },
  { name: 'import YAML nested 20,000 deep', args: ['import', 'deep.yaml', '--replace'], setup: (sb) => writeFileSync(join(sb.dir, 'deep.yaml'), `schemaVersion: 1\nkind: ordo-backlog\ngoals: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`), code: 6, what: /deep.yaml/, fix: /./ },
  // A damaged or foreign database: named, never read past, never written
  { name: 'database with a dropped table', args: ['list'], setup: sql('DROP TABLE move_proposals'), code: 6, what: /is not an ordo database in one piece: table "move_proposals" is missing/, fix: /from a backup/ },
  { name: 'database with a renamed column', args: ['add', 'T', ...ITEM], setup: sql('ALTER TABLE items RENAME COLUMN title TO name'), code: 6, what: /table "items" lacks column "title" \(it has "name" instead\)/, fix: /neither read nor write/ },
  { name: 'database with an unknown status, read', args: ['list', '--all'], setup: sql("UPDATE items SET status = 'finished' WHERE number = 2"), code: 6, what: /Item 2 in the database has status "finished", which is not an ordo status/, fix: /will not guess/ },
  { name: 'database with an unknown status, write', args: ['move', 'ORD-2', '--top'], setup: sql("UPDATE items SET status = 'finished' WHERE number = 2"), code: 6, what: /Item 2 in the database has status "finished"/, fix: /from a backup/ },
  { name: 'database with an unknown status, check', args: ['check'], setup: sql("UPDATE items SET status = 'finished' WHERE number = 2"), code: 6, what: /status "finished"/, fix: /from a backup/ },
  { name: "another application's SQLite file", args: ['add', 'T', ...ITEM], setup: (sb) => { rmSync(sb.dbPath); const db = new Database(sb.dbPath); db.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)'); db.close(); }, code: 6, what: /it holds tables ordo did not create \(photos\) and no ordo schema version/, fix: /from a backup/ },
  { name: 'database with a damaged index page, check', args: ['check'], setup: damageIndex, code: 6, what: /failed SQLite's integrity check: row \d+ missing from index items_by_status/, fix: /from a backup/ },
  { name: 'database with a damaged index page, verify', args: ['verify'], setup: damageIndex, code: 6, what: /failed SQLite's integrity check/, fix: /from a backup/ },
  {
    name: 'database with a damaged index page, check of a large backlog (the integrity check on a thread of its own)',
    args: ['check'],
    setup: (sb) => {
      sb.finishedCopyNumbered(25_000);
      damageIndex(sb);
    },
    code: 6,
    what: /failed SQLite's integrity check: row \d+ missing from index items_by_status/,
    fix: /from a backup/,
  },
  // Outputs that would destroy inputs
  { name: 'export over the database', args: ['export', '-o', '.ordo/backlog.db'], code: 2, what: /-o \.ordo\/backlog\.db would overwrite \.ordo\/backlog\.db, which is ordo's own file/, fix: /somewhere else/ },
  { name: 'export over the journal', args: ['export', '-o', '.ordo/backlog.db-journal'], code: 2, what: /would overwrite \.ordo\/backlog\.db-journal/, fix: /somewhere else/ },
  { name: 'page over ordo.yml', args: ['page', '-o', 'ordo.yml'], code: 2, what: /-o ordo.yml would overwrite ordo.yml/, fix: /somewhere else/ },
  { name: 'export through a symlink to ordo.yml', args: ['export', '-o', 'link.yml'], setup: (sb) => symlinkSync('ordo.yml', join(sb.dir, 'link.yml')), code: 2, what: /-o link.yml would overwrite ordo.yml/, fix: /somewhere else/ },
  // Numbers: decimal digits, in range
  { name: 'value in hex', args: ['add', 'T', ...ITEM.slice(2), '--value', '0x5'], code: 2, what: /Business value 0x5 is not on the value scale/, fix: /nearest value/ },
  { name: 'value with an exponent', args: ['add', 'T', ...ITEM.slice(2), '--value', '8e0'], code: 2, what: /Business value 8e0 is not/, fix: /nearest value/ },
  { name: 'value with a space', args: ['add', 'T', ...ITEM.slice(2), '--value', ' 8'], code: 2, what: /Business value  8 is not/, fix: /nearest value/ },
  { name: 'value with a decimal point', args: ['add', 'T', ...ITEM.slice(2), '--value', '8.0'], code: 2, what: /Business value 8\.0 is not/, fix: /nearest value/ },
  { name: 'estimate with an exponent', args: ['add', 'T', ...ITEM, '--estimate', '1e2'], code: 2, what: /Estimate "1e2" is not a number of points/, fix: /--estimate 3/ },
  { name: 'position with a space', args: ['move', 'ORD-1', '--to', ' 2'], code: 2, what: /--to expects a whole number of 1 or more, got " 2"/, fix: /--to 3/ },
  { name: 'next in exponent form', args: ['next', '1e1'], code: 2, what: /got "1e1"/, fix: /ordo next 3/ },
  { name: 'seed in hex', args: ['forecast', '--seed', '0x10'], code: 2, what: /--seed expects a whole number from 0 to 4294967295, got "0x10"/, fix: /--seed 42/ },
  { name: 'a key past every integer', args: ['show', 'ORD-99999999999999999999999'], code: 4, what: /No item ORD-99999999999999999999999 in this backlog/, fix: /ordo list --all/ },
  { name: 'a key in exponent form', args: ['show', 'ORD-1e3'], code: 2, what: /"ORD-1e3" is not an item key/, fix: /ORD-12/ },
  // Identities
  { name: 'init --owner empty', args: ['init', '--owner', '', '--yes'], code: 2, what: /--owner is empty/, fix: /leave the flag out/ },
  { name: 'init --owner with a control character', args: ['init', '--owner', 'alice\u0001@example.com', '--yes'], code: 2, what: /--owner holds the control character U\+0001/, fix: /--owner alice@example.com/ },
  { name: 'ORDO_USER empty', args: ['move', 'ORD-2', '--top'], env: { ORDO_USER: '' }, code: 2, what: /ORDO_USER "" is empty, so it names nobody/, fix: /unset it/ },
  { name: 'ORDO_USER with an escape', args: ['move', 'ORD-2', '--top'], env: { ORDO_USER: 'alice@example.com\u001b[2J' }, code: 2, what: /ORDO_USER "alice@example.com\\x1b\[2J" holds the control character U\+001B/, fix: /Set ORDO_USER/ },
  { name: 'owner transfer to nobody', args: ['owner', 'transfer', ' '], code: 2, what: /cannot be an identity/, fix: /ordo owner transfer dave@example.com/ },
  // The environment
  { name: '-C to a file', args: ['-C', 'ordo.yml', 'list'], code: 4, what: /-C ordo.yml: no such directory/, fix: /existing directory/ },
  { name: 'init where nothing can be created (/proc)', args: ['-C', '/proc', 'init', '--yes'], code: 6, what: /Cannot create the directory \/proc\/.ordo/, fix: /nothing was changed/ },
  { name: 'key generate with XDG_CONFIG_HOME a file', args: ['key', 'generate'], env: { XDG_CONFIG_HOME: '/etc/hostname' }, code: 6, what: /Cannot create the directory \/etc\/hostname\/ordo\/keys: not a directory/, fix: /each part of it is a directory/ },
  { name: 'an editor that fails', args: ['reorder', '--editor'], env: { EDITOR: 'false' }, code: 2, what: /The editor \(false\) exited with status 1; nothing was changed/, fix: /VISUAL or EDITOR/ },
  { name: 'an editor that saves binary', args: ['reorder', '--editor'], env: { EDITOR: `sh -c 'printf "\\377\\376" > "$1"' x` }, code: 6, what: /the edited text is not UTF-8 text/, fix: /UTF-8/ },
];

function mkfifo(path: string): void {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
}

/** Rewrites a file of the sandbox (the exports beforeAll wrote). */
function editFile(name: string, edit: (text: string) => string): (sb: Sandbox) => void {
  return (sb) => writeFileSync(join(sb.dir, name), edit(readFileSync(join(sb.dir, name), 'utf8')));
}

function editJson(edit: (doc: any) => void): (sb: Sandbox) => void {
  return editFile('good.json', (t) => {
    const doc = JSON.parse(t);
    edit(doc);
    return JSON.stringify(doc, null, 1);
  });
}

/** Changes one byte of a status in the items_by_status index: the rows still read, SQLite's integrity check fails. */
function damageIndex(sb: Sandbox): void {
  const db = new Database(sb.dbPath, { readonly: true });
  const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'items_by_status'").pluck().get() as number) - 1;
  const size = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const bytes = readFileSync(sb.dbPath);
  const page = bytes.subarray(root * size, (root + 1) * size);
  page[page.indexOf('ready')] = 0x61;
  writeFileSync(sb.dbPath, bytes);
}

function sql(statement: string): (sb: Sandbox) => void {
  return (sb) => {
    const db = new Database(sb.dbPath);
    db.exec(statement);
    db.close();
  };
}

function setUserVersion(sb: Sandbox, version: number): void {
  const db = new Database(sb.dbPath);
  db.pragma(`user_version = ${version}`);
  db.close();
}

let template: Sandbox;
let chattr = true;
beforeAll(() => {
  template = new Sandbox().initBacklog();
  template.addItems(3);
  template.ok(['export', '-o', 'good.yaml']);
  template.ok(['export', '--format', 'json', '-o', 'good.json']);
  if (isRoot) chattr = chattrWorks(template.dir);
});
afterAll(() => template?.cleanup());

describe('bad input through the real binary', () => {
  it('the catalogue has at least 120 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(121));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if ((c.name.startsWith('read-only') && !chattr)) {
      console.log(`${c.name}: not simulated (running as root on a file system without chattr +i)`);
      return;
    }
    const sb = new Sandbox();
    try {
      cpSync(template.dir, sb.dir, { recursive: true });
      c.setup?.(sb);
      const before = sb.dbHash();
      const r = c.run ? c.run(sb, c.args) : sb.run(c.args, { user: c.user, env: c.env });
      c.teardown?.(sb);
      const shown = `exit ${r.code}\n${r.stderr.slice(0, 2000)}`;
      expect(r.code, shown).toBe(c.code);
      const error = r.stderr.split('\n').filter((l) => !l.startsWith('hint:')).join('\n');
      const hint = r.stderr.split('\n').filter((l) => l.startsWith('hint:')).join('\n');
      expect(error, shown).toMatch(/^error: /m);
      expect(error, shown).toMatch(c.what);
      expect(hint, shown).toMatch(c.fix);
      expect(r.stderr, shown).not.toMatch(/\n\s+at |SQLITE_|internal error/);
      expect(r.stdout).toBe('');
      expect(sb.dbHash(), 'the database file is byte-identical').toBe(before);
    } finally {
      sb.cleanup();
    }
  });
});

describe('text that is data, stored verbatim', () => {
  const TEXTS: [string, string][] = [
    ['SQL', "'); DROP TABLE items;--"],
    ['emoji', 'Pay with 💳 and 🍎 Pay 👩‍👩‍👧'],
    ['right-to-left', 'הוספת תשלום بطاقة الائتمان'],
    ['combining characters', 'Cafe\u0301 cre\u0300me Z\u0351\u0354a\u0364l\u0337g\u0338o'],
    ['quotes and backslashes', 'say "hi" \\n \\x1b %s %d ${HOME} `id`'],
  ];
  it.each(TEXTS)('%s', (_name, text) => {
    const sb = new Sandbox();
    try {
      cpSync(template.dir, sb.dir, { recursive: true });
      const added = sb.ok(['add', text, '--value', '8', '--why', `${text} matters to shoppers`, '--goal', 'G1', '--desc', text, '--json']).json();
      const shown = sb.ok(['show', added.item.key, '--json']).json();
      expect(shown.item).toMatchObject({ title: text, description: text, rationale: `${text} matters to shoppers` });
      const db = new Database(sb.dbPath, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n).toBe(4);
      db.close();
    } finally {
      sb.cleanup();
    }
  });

  it('NUL cannot reach ordo through argv or the environment (the OS refuses it), but ordo.yml can carry one', () => {
    expect(() => spawnSync(process.execPath, [BIN, 'add', 'a\0b'])).toThrow(/null bytes/);
    const sb = new Sandbox();
    try {
      cpSync(template.dir, sb.dir, { recursive: true });
      writeFileSync(join(sb.dir, 'ordo.yml'), readFileSync(join(sb.dir, 'ordo.yml'), 'utf8').replace(/^product: .*$/m, 'product: "Acme\\0Checkout"'));
      const r = sb.ok(['whoami']);
      expect(r.stdout).toContain('Acme\\x00Checkout');
      expect(r.stdout).not.toContain('\0');
      expect(sb.ok(['whoami', '--json']).json().product).toBe('Acme\0Checkout');
    } finally {
      sb.cleanup();
    }
  });
});

describe('unusual but valid files are read as they are', () => {
  const withCopy = (fn: (sb: Sandbox) => void) => () => {
    const sb = new Sandbox();
    try {
      cpSync(template.dir, sb.dir, { recursive: true });
      fn(sb);
    } finally {
      sb.cleanup();
    }
  };

  it(
    'ordo.yml with a byte order mark and CRLF line ends',
    withCopy((sb) => {
      writeFileSync(yml(sb), `\ufeff${readFileSync(yml(sb), 'utf8').replaceAll('\n', '\r\n')}`);
      expect(sb.ok(['whoami', '--json']).json().product).toBe('Acme Checkout');
    }),
  );

  it(
    'an import with a byte order mark and CRLF line ends, and an export written before files were counted',
    withCopy((sb) => {
      const text = readFileSync(join(sb.dir, 'good.yaml'), 'utf8');
      writeFileSync(join(sb.dir, 'crlf.yaml'), `\ufeff${text.replaceAll('\n', '\r\n')}`);
      expect(sb.ok(['import', 'crlf.yaml', '--replace', '--json']).json().totals.items).toBe(3);
      writeFileSync(join(sb.dir, 'old.yaml'), text.replace(/^counts: .*\n/m, '').replace(/^end: .*\n/m, ''));
      expect(sb.ok(['import', 'old.yaml', '--replace', '--json']).json().totals.items).toBe(3);
    }),
  );

  it(
    'export -o a device writes into it, not over it',
    withCopy((sb) => {
      expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
      sb.ok(['export', '-o', '/dev/null']);
      expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    }),
  );
});
