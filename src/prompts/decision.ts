/**
 * One decision on a terminal, as `ordo triage` asks it: a card describing the thing to
 * decide, then a menu. ↑/↓ and enter choose, or the letter shown beside a choice. A choice
 * may ask for a line of text (a reason, a position); escape goes back to the menu from it.
 */
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isUpKey,
  makeTheme,
  useKeypress,
  usePrefix,
  useRef,
  useState,
  type KeypressEvent,
} from '@inquirer/core';

export interface DecisionChoice<V extends string> {
  /** A single lower-case letter that picks the choice directly. */
  key: string;
  name: string;
  value: V;
  /** Ask for a line of text before deciding; validate returns an error message or true. */
  input?: { message: string; validate?: (text: string) => string | true };
}

export interface DecisionConfig<V extends string> {
  message: string;
  /** Lines describing what is decided; already made safe for the terminal. */
  details: string[];
  choices: DecisionChoice<V>[];
}

export interface Decision<V extends string> {
  value: V;
  /** The text typed for a choice that asks for one. */
  text?: string;
}

export function createDecisionPrompt<V extends string>() {
  return createPrompt<Decision<V>, DecisionConfig<V>>((config, done) => {
    const theme = makeTheme({});
    const [cursor, setCursor] = useState(0);
    const [asking, setAsking] = useState<number | null>(null);
    const [text, setText] = useState('');
    const [error, setError] = useState<string | null>(null);
    const [answer, setAnswer] = useState<string | null>(null);
    const typedRef = useRef('');
    const prefix = usePrefix({ status: answer === null ? 'idle' : 'done', theme });

    const finish = (choice: DecisionChoice<V>, typed?: string) => {
      setAnswer(typed === undefined ? choice.name : `${choice.name}: ${typed}`);
      done(typed === undefined ? { value: choice.value } : { value: choice.value, text: typed });
    };
    const pick = (index: number, rl: { clearLine(dir: number): void }) => {
      const choice = config.choices[index]!;
      if (!choice.input) return finish(choice);
      rl.clearLine(0);
      typedRef.current = '';
      setText('');
      setError(null);
      setAsking(index);
    };

    useKeypress((key: KeypressEvent, rl) => {
      if (answer !== null) return;
      if (asking !== null) {
        const choice = config.choices[asking]!;
        if (key.name === 'escape') {
          rl.clearLine(0);
          typedRef.current = '';
          setAsking(null);
          setError(null);
        } else if (isEnterKey(key)) {
          // readline has already cleared its line on enter: use what the last keypress saw. A ref,
          // not state, because a fast typist's keys can arrive in one chunk before a re-render.
          const typed = typedRef.current.trim();
          const verdict = choice.input!.validate ? choice.input!.validate(typed) : typed ? true : 'Type something, or escape to go back.';
          if (verdict === true) finish(choice, typed);
          else {
            setError(verdict);
            rl.write(typed); // keep what was typed so it can be corrected
          }
        } else {
          typedRef.current = rl.line;
          setText(rl.line);
          setError(null);
        }
        return;
      }
      if (isUpKey(key)) setCursor(Math.max(0, cursor - 1));
      else if (isDownKey(key)) setCursor(Math.min(config.choices.length - 1, cursor + 1));
      else if (isEnterKey(key)) pick(cursor, rl);
      else {
        const index = config.choices.findIndex((c) => c.key === key.name);
        if (index >= 0) pick(index, rl);
      }
    });

    const head = `${prefix} ${theme.style.message(config.message, answer === null ? 'idle' : 'done')}`;
    if (answer !== null) return `${head} ${theme.style.answer(answer)}`;
    const card = config.details.map((l) => `  ${l}`).join('\n');
    if (asking !== null) {
      const input = config.choices[asking]!.input!;
      const lines = [head, card, '', `${theme.style.highlight('?')} ${input.message} ${text}`];
      return [lines.join('\n'), error ? theme.style.error(error) : theme.style.help('enter to confirm · esc back to the choices')];
    }
    const menu = config.choices.map((c, i) => {
      const line = `${i === cursor ? '❯' : ' '} [${c.key}] ${c.name}`;
      return i === cursor ? theme.style.highlight(line) : line;
    });
    return [[head, card, '', ...menu].join('\n'), theme.style.help('↑/↓ and enter, or press a letter')];
  });
}
