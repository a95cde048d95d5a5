/** A yes/no question on a terminal (never asked without one). */
import { confirm } from '@inquirer/prompts';

export async function askConfirm(message: string): Promise<boolean> {
  return confirm({ message, default: false }, { output: process.stderr });
}
