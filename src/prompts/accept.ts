/** `ordo accept` on a terminal: the Product Owner ticks each acceptance criterion that holds. */
import { checkbox } from '@inquirer/prompts';
import { safe } from '../output/terminal.js';

const onStderr = { output: process.stderr };

/** The question: one box per criterion, numbered as `ordo show` numbers them, none ticked. */
export function criteriaQuestion(key: string, criteria: readonly string[]) {
  return {
    message: `Which acceptance criteria of ${key} are met? (space ticks, enter confirms)`,
    choices: criteria.map((c, i) => ({ value: i + 1, name: `${i + 1}. ${safe(c)}` })),
    pageSize: Math.min(15, Math.max(criteria.length, 1)),
  };
}

/** The 1-based numbers of the criteria the Product Owner ticked as met. */
export async function askCriteriaMet(key: string, criteria: readonly string[]): Promise<number[]> {
  return checkbox(criteriaQuestion(key, criteria), onStderr);
}
