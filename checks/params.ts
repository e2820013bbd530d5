/** Building blocks for labs' parameter schemas. */
import * as z from 'zod';

/** A case-insensitive regular expression given as a string (naming patterns). */
export const regexParam = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);
