/**
 * Gradebook files an LMS imports as they are, pure: the counted score of every roster student,
 * identified the way the LMS matches users.
 *
 * - Canvas (Grades > Import): `Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section`, then one
 *   column per assignment. Canvas matches a row by `ID` (its user id), else `SIS User ID`, else
 *   `SIS Login ID`; the roster's `lmsId`, `sisId` and email fill them (an LTI launch fills in what
 *   the roster lacks). The assignment column is the lab's title with its id.
 * - Moodle (Grades > Import > CSV file): any columns, mapped at import ("Map from" a column "to"
 *   Email address or ID number). Columns as Moodle's own export names them: `First name`,
 *   `Last name`, `ID number`, `Email address`, then the lab's grade column.
 *
 * A student without a counted score gets an empty cell (the LMS leaves the grade as it is).
 */
import type { LabDefinition } from '../../checks/model.js';
import type { UserLink } from '../lti/records.js';
import type { ClassRow, Course, RosterEntry } from '../store/records.js';
import { rosterStandings } from './class-report.js';
import { toCsv } from './csv.js';

export type GradebookFormat = 'canvas' | 'moodle';

/** The column headers each format must have to be imported (the tests check them). */
export const REQUIRED_COLUMNS: Record<GradebookFormat, readonly string[]> = {
  canvas: ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'],
  moodle: ['ID number', 'Email address'],
};

function sortedRoster(roster: RosterEntry[]): RosterEntry[] {
  return [...roster].sort((a, b) => (a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0));
}

/** A name split for Moodle's first/last name columns (the last word is the last name). */
function splitName(name: string | undefined): [string, string] {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return [words[0] ?? '', ''];
  return [words.slice(0, -1).join(' '), words[words.length - 1] as string];
}

export function gradebookCsv(
  format: GradebookFormat,
  lab: LabDefinition,
  course: Course,
  roster: RosterEntry[],
  classRows: ClassRow[],
  links: UserLink[] = [],
): string {
  const byStudent = rosterStandings(roster, classRows);
  const linkOf = new Map(links.map((l) => [l.studentId, l]));
  const score = (e: RosterEntry) => byStudent.get(e.studentId)?.counted.attempt?.score ?? '';
  const title = `${lab.title[course.lang]} (${lab.id})`;
  const entries = sortedRoster(roster);
  if (format === 'canvas') {
    const rows = entries.map((e) => {
      const link = linkOf.get(e.studentId);
      return [
        e.name ?? link?.name ?? e.studentId,
        e.lmsId ?? '',
        e.sisId ?? link?.sisId ?? '',
        e.email ?? link?.email ?? '',
        '',
        score(e),
      ];
    });
    return toCsv([[...REQUIRED_COLUMNS.canvas, title], ...rows]);
  }
  const rows = entries.map((e) => {
    const link = linkOf.get(e.studentId);
    const [first, last] = splitName(e.name ?? link?.name);
    return [first, last, e.sisId ?? link?.sisId ?? e.studentId, e.email ?? link?.email ?? '', score(e)];
  });
  return toCsv([['First name', 'Last name', 'ID number', 'Email address', title], ...rows]);
}
