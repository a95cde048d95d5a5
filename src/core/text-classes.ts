/**
 * Unicode character classes, each built the first time it is used. V8 sets up a property class
 * (\p{L}) as it creates the expression, a fraction of a millisecond each, and the modules that
 * need these load on every start of the everyday commands, which mostly never meet such text.
 */

let wordlike: RegExp | undefined;
let separators: RegExp | undefined;
let space: RegExp | undefined;

/** Whether a text holds a letter or a digit, in any script. */
export function hasWordCharacter(text: string): boolean {
  wordlike ??= /[\p{L}\p{N}]/u;
  return wordlike.test(text);
}

/** Runs of punctuation, symbols and whitespace, in any script (global: for replace). */
export function separatorRuns(): RegExp {
  separators ??= /[\p{P}\p{S}\s]+/gu;
  return separators;
}

/** Whether a character is whitespace. */
export function isWhitespace(character: string): boolean {
  space ??= /\s/u;
  return space.test(character);
}
