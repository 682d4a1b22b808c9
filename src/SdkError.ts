/** Stable codes of the errors heapcensus throws on API misuse or bad input. */
export type SdkErrorCode =
  | 'E_TARGET'
  | 'E_NOT_TRACKED'
  | 'E_SORT_KEY'
  | 'E_DUMP_FORMAT'
  | 'E_DUMP_VERSION'
  | 'E_DUMP_CORRUPT'
  | 'E_DUMP_TRUNCATED'
  | 'E_DUMP_TOO_LARGE'
  | 'E_OPTION'
  | 'E_PLATFORM';

/** An error with a stable `code`; the message names the target and the fix. */
export class SdkError extends Error {
  readonly code: SdkErrorCode;
  constructor(code: SdkErrorCode, message: string) {
    super(message);
    this.name = 'SdkError';
    this.code = code;
  }
}
