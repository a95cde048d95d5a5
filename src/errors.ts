/** Exit codes, as documented in DESIGN.md section 5 and the README. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  notPermitted: 3,
  notFound: 4,
  conflict: 5,
  invalidData: 6,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A failure the user can act on: a stable machine code, the exit code it maps to,
 * a message saying what went wrong and where, and a hint saying how to fix it.
 */
export class OrdoError extends Error {
  constructor(
    readonly code: string,
    readonly exitCode: ExitCodeValue,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toJSON(): { schemaVersion: 1; kind: 'error'; code: string; message: string; hint?: string } {
    return {
      schemaVersion: 1,
      kind: 'error',
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
    };
  }
}

export class UsageError extends OrdoError {
  constructor(message: string, hint?: string, code = 'USAGE') {
    super(code, ExitCode.usage, message, hint);
  }
}

export class PermissionError extends OrdoError {
  constructor(code: string, message: string, hint?: string) {
    super(code, ExitCode.notPermitted, message, hint);
  }
}

export class NotFoundError extends OrdoError {
  constructor(code: string, message: string, hint?: string) {
    super(code, ExitCode.notFound, message, hint);
  }
}

export class ConflictError extends OrdoError {
  constructor(code: string, message: string, hint?: string) {
    super(code, ExitCode.conflict, message, hint);
  }
}

export class DataError extends OrdoError {
  constructor(code: string, message: string, hint?: string) {
    super(code, ExitCode.invalidData, message, hint);
  }
}

/** Raised when a check found violations at error severity; carries no message of its own. */
export class CheckFailedError extends OrdoError {
  constructor(count: number) {
    super('CHECK_FAILED', ExitCode.checkFailed, `${count} violation${count === 1 ? '' : 's'} at error severity`);
  }
}

/** Ctrl-C at a prompt or during a command: exit 130, and nothing was written. */
export class InterruptedError extends OrdoError {
  constructor() {
    super('INTERRUPTED', ExitCode.interrupted, 'interrupted', 'Nothing was written; run the command again when you are ready.');
  }
}
