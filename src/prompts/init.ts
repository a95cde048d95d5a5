/** Questions `ordo init` asks on a terminal for values not given as flags. */
import { input } from '@inquirer/prompts';
import type { InitInput } from '../commands/init.js';

const onStderr = { output: process.stderr };

export async function askInit(given: InitInput, defaults: Required<InitInput>): Promise<InitInput> {
  const product = given.product ?? (await input({ message: 'Product name', default: defaults.product, required: true }, onStderr));
  const owner =
    given.owner ?? (await input({ message: 'Product Owner (e-mail), the one person who orders the backlog', default: defaults.owner, required: true }, onStderr));
  const prefix =
    given.prefix ??
    (await input(
      {
        message: 'Item key prefix',
        default: defaults.prefix,
        validate: (v) => /^[A-Za-z][A-Za-z0-9]{0,9}$/.test(v.trim()) || '1-10 letters or digits, starting with a letter',
      },
      onStderr,
    ));
  return { product, owner, prefix };
}
