/**
 * `ordo completion bash|zsh|fish`: completion scripts generated from the command tree.
 * Commands and flags are written into the script; item keys and goal ids come from the
 * backlog at completion time through the hidden `ordo __complete keys|goals`.
 */
import { allCommands, type CommandSpec, type Completion } from './command-tree.js';
import { TOPIC_NAMES } from './shell.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const TOPICS = TOPIC_NAMES.join(' ');
const sq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

function flagsOf(c: CommandSpec): string[] {
  return c.options.flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f)));
}

function valueFlagsOf(c: CommandSpec): string[] {
  return c.options.filter((o) => o.takesValue).flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f)));
}

/** Shell `case` functions holding the tree; the same text works in bash and zsh. */
function caseData(root: CommandSpec): string {
  const commands = [root, ...allCommands(root)];
  const globals = flagsOf(root);
  const globalValues = valueFlagsOf(root);
  const fn = (name: string, rows: [string, string][]) =>
    `${name}() {\n  case "$1" in\n${rows.filter(([, v]) => v !== '').map(([k, v]) => `    ${sq(k)}) echo ${sq(v)} ;;`).join('\n')}\n  esac\n}`;
  const flagKinds: [string, string][] = [];
  for (const c of commands) {
    for (const o of [...c.options, ...(c === root ? [] : root.options)]) {
      if (!o.takesValue || !o.complete) continue;
      for (const f of [o.short, o.long]) if (f) flagKinds.push([`${c.path.join(' ')} ${f}`.trim(), o.complete]);
    }
  }
  return [
    fn('_ordo_subcommands', commands.map((c) => [c.path.join(' '), c.subcommands.map((s) => s.path.at(-1)!).join(' ')])),
    fn('_ordo_flags', commands.map((c) => [c.path.join(' '), [...new Set([...flagsOf(c), ...globals])].join(' ')])),
    fn('_ordo_value_flags', commands.map((c) => [c.path.join(' '), [...new Set([...valueFlagsOf(c), ...globalValues])].join(' ')])),
    fn('_ordo_flag_kind', flagKinds),
    fn('_ordo_arg_kind', commands.map((c) => [c.path.join(' '), c.args.find((a) => a.complete)?.complete ?? ''])),
  ].join('\n');
}

function bash(root: CommandSpec): string {
  return `# bash completion for ordo. Load it with:  source <(ordo completion bash)
# or install it:  ordo completion bash > ~/.local/share/bash-completion/completions/ordo
${caseData(root)}
_ordo_complete_kind() {
  case "$1" in
    keys|goals) COMPREPLY=($(compgen -W "$(ordo \${3:+-C "$3"} __complete "$1" "$2" 2>/dev/null | cut -f1)" -- "$2")) ;;
    help) COMPREPLY=($(compgen -W "$(_ordo_subcommands '') ${TOPICS}" -- "$2")) ;;
    shells) COMPREPLY=($(compgen -W 'bash zsh fish' -- "$2")) ;;
    files) COMPREPLY=($(compgen -f -- "$2")) ;;
    *) COMPREPLY=() ;;
  esac
}
_ordo() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} path_='' dir='' i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    if [[ $w == -C ]]; then dir=\${COMP_WORDS[i+1]}; ((i++)); continue; fi
    if [[ $w == -* ]]; then
      [[ " $(_ordo_value_flags "$path_") " == *" $w "* ]] && ((i++))
      continue
    fi
    [[ " $(_ordo_subcommands "$path_") " == *" $w "* ]] && path_=\${path_:+$path_ }$w
  done
  if [[ $prev == -C ]]; then COMPREPLY=($(compgen -d -- "$cur")); return; fi
  if [[ $prev == -* && " $(_ordo_value_flags "$path_") " == *" $prev "* ]]; then
    _ordo_complete_kind "$(_ordo_flag_kind "\${path_:+$path_ }$prev")" "$cur" "$dir"
    return
  fi
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$(_ordo_flags "$path_")" -- "$cur")); return; fi
  local subs
  subs=$(_ordo_subcommands "$path_")
  if [[ -n $subs ]]; then COMPREPLY=($(compgen -W "$subs" -- "$cur")); return; fi
  _ordo_complete_kind "$(_ordo_arg_kind "$path_")" "$cur" "$dir"
}
complete -F _ordo ordo
`;
}

function zsh(root: CommandSpec): string {
  return `#compdef ordo
# zsh completion for ordo. Load it with:  source <(ordo completion zsh)   (after compinit)
# or install it as _ordo in a directory of your $fpath.
${caseData(root)}
_ordo_complete_kind() {
  local -a lines
  case "$1" in
    keys|goals)
      lines=(\${(f)"$(ordo \${2:+-C "$2"} __complete "$1" "$3" 2>/dev/null)"})
      lines=(\${lines//:/\\\\:})
      lines=(\${lines//$'\\t'/:})
      _describe -t "$1" "$1" lines ;;
    help) compadd -- \${=$(_ordo_subcommands '')} ${TOPICS} ;;
    shells) compadd -- bash zsh fish ;;
    files) _files ;;
  esac
}
_ordo() {
  local path_='' dir='' i w cur=\${words[CURRENT]} prev=\${words[CURRENT-1]}
  local -a subs vflags
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
    if [[ $w == -C ]]; then dir=\${words[i+1]}; ((i++)); continue; fi
    if [[ $w == -* ]]; then
      vflags=(\${=$(_ordo_value_flags "$path_")})
      (( \${vflags[(Ie)$w]} )) && ((i++))
      continue
    fi
    subs=(\${=$(_ordo_subcommands "$path_")})
    (( \${subs[(Ie)$w]} )) && path_=\${path_:+$path_ }$w
  done
  if [[ $prev == -C ]]; then _directories; return; fi
  vflags=(\${=$(_ordo_value_flags "$path_")})
  if [[ $prev == -* ]] && (( \${vflags[(Ie)$prev]} )); then
    _ordo_complete_kind "$(_ordo_flag_kind "\${path_:+$path_ }$prev")" "$dir" "$cur"
    return
  fi
  if [[ $cur == -* ]]; then compadd -- \${=$(_ordo_flags "$path_")}; return; fi
  subs=(\${=$(_ordo_subcommands "$path_")})
  if (( $#subs )); then compadd -- $subs; return; fi
  _ordo_complete_kind "$(_ordo_arg_kind "$path_")" "$dir" "$cur"
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _ordo "$@"
else
  compdef _ordo ordo
fi
`;
}

const fishKind: Record<Exclude<Completion, null>, string> = {
  keys: `-f -a '(__ordo_words keys)'`,
  goals: `-f -a '(__ordo_words goals)'`,
  help: `-f -a '(__ordo_subcommands "") ${TOPICS}'`,
  shells: `-f -a 'bash zsh fish'`,
  files: '-F',
};

function fishSwitch(name: string, rows: [string, string][]): string {
  return `function ${name}\n    switch "$argv[1]"\n${rows
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `        case ${sq(k)}\n            string split ' ' -- ${sq(v)}`)
    .join('\n')}\n    end\nend`;
}

function fish(root: CommandSpec): string {
  const commands = [root, ...allCommands(root)];
  const lines: string[] = [];
  for (const c of commands) {
    const at = `-n '__ordo_at ${c.path.join(' ')}'`;
    for (const s of c.subcommands) lines.push(`complete -c ordo ${at} -f -a ${sq(s.path.at(-1)!)} -d ${sq(s.description)}`);
    for (const o of c.options) {
      const names = [o.short ? `-s ${o.short.slice(1)}` : '', o.long ? `-l ${o.long.slice(2)}` : ''].filter(Boolean).join(' ');
      const value = o.takesValue ? (o.complete ? ` -r ${fishKind[o.complete]}` : ' -x') : '';
      // Global flags apply after any command; the rest only after their own.
      lines.push(`complete -c ordo${c === root ? '' : ` ${at}`} ${names}${value} -d ${sq(o.description)}`);
    }
    const kind = c.args.find((a) => a.complete)?.complete;
    if (kind && c.subcommands.length === 0) lines.push(`complete -c ordo ${at} ${fishKind[kind]}`);
  }
  return `# fish completion for ordo. Install it with:
#   ordo completion fish > ~/.config/fish/completions/ordo.fish
${fishSwitch('__ordo_subcommands', commands.map((c) => [c.path.join(' '), c.subcommands.map((s) => s.path.at(-1)!).join(' ')]))}
${fishSwitch('__ordo_value_flags', commands.map((c) => [c.path.join(' '), [...new Set([...valueFlagsOf(c), ...valueFlagsOf(root)])].join(' ')]))}
function __ordo_path
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case '-*'
                if contains -- $t (__ordo_value_flags (string join ' ' -- $path))
                    set skip 1
                end
            case '*'
                if contains -- $t (__ordo_subcommands (string join ' ' -- $path))
                    set path $path $t
                end
        end
    end
    string join ' ' -- $path
end
function __ordo_at
    set -l p (__ordo_path)
    test "$p" = "$argv"
end
function __ordo_words
    set -l tokens (commandline -opc)
    set -l i (contains -i -- -C $tokens)
    if test -n "$i"
        ordo -C $tokens[(math $i + 1)] __complete $argv (commandline -ct) 2>/dev/null
    else
        ordo __complete $argv (commandline -ct) 2>/dev/null
    end
end
complete -c ordo -e
${lines.join('\n')}
`;
}

export function completionScript(shell: Shell, root: CommandSpec): string {
  return shell === 'bash' ? bash(root) : shell === 'zsh' ? zsh(root) : fish(root);
}
