import pkg from '../package.json' with { type: 'json' };

/** The grader's version, recorded in every result. */
export const GRADER_VERSION: string = pkg.version;
