import { AppError } from '../errors/appError.js';

/** Start-up refuses a malformed configuration, naming every offending variable. */
export class ConfigError extends AppError {
  readonly code = 'invalid_config';

  constructor(
    readonly problems: readonly { readonly variable: string; readonly message: string }[],
  ) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
  }
}
