/**
 * The local service's demo: a course per lab (`demo-<lab>`) whose students are the recorded example
 * inventories (examples/<lab>/*.json), registered on one shared account like a team, and graded
 * from their recorded inventory instead of an account.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inventory } from '../../checks/inventory.js';
import { findLab } from '../../checks/labs/index.js';
import { parseInventory } from '../inventory/io.js';
import { registerCourse, registerStudents } from '../service/roster.js';
import type { GradeStore } from '../store/grade-store.js';

/** The instructor the demo courses are seeded with (npm start prints a token for them). */
export const DEMO_INSTRUCTOR = 'teacher';

export interface DemoCourse {
  courseId: string;
  lab: string;
  students: string[];
}

/** Each lab's demo course and its students' recorded inventories, by student id. */
export type Demo = Map<string, { courseId: string; inventories: Map<string, Inventory> }>;

/** The account an inventory was read from (for the demo roster entry, which must match it). */
function accountOf(inventory: Inventory): string {
  const identity = inventory.sources['sts.callerIdentity'] as { data?: { Account?: string } } | undefined;
  return inventory.accountId ?? identity?.data?.Account ?? '123456789012';
}

/** The demo students: one per example inventory, `<lab>-<example>` in course `demo-<lab>`. */
export async function loadDemo(examplesDir: string): Promise<Demo> {
  const demo: Demo = new Map();
  if (!existsSync(examplesDir)) return demo;
  for (const labDir of (await readdir(examplesDir, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    const lab = findLab(labDir.name);
    if (!lab) continue;
    const inventories = new Map<string, Inventory>();
    for (const file of (await readdir(join(examplesDir, lab.id))).filter((f) => f.endsWith('.json')).sort()) {
      const where = join(examplesDir, lab.id, file);
      inventories.set(
        `${lab.id}-${file.replace(/\.json$/, '')}`,
        parseInventory(JSON.parse(await readFile(where, 'utf8')), where),
      );
    }
    if (inventories.size) demo.set(lab.id, { courseId: `demo-${lab.id}`, inventories });
  }
  return demo;
}

/** Registers the demo courses and students that are not registered yet; answers every demo course. */
export async function seedDemo(store: GradeStore, demo: Demo, now: () => Date): Promise<DemoCourse[]> {
  const seeded: DemoCourse[] = [];
  for (const [labId, { courseId, inventories }] of demo) {
    const students = [...inventories.keys()];
    seeded.push({ courseId, lab: labId, students });
    if (await store.getCourse(courseId)) continue;
    const first = inventories.values().next().value as Inventory;
    const lab = findLab(labId)!;
    await registerCourse(
      store,
      courseId,
      {
        title: `Demo: ${lab.title.en} (recorded example inventories)`,
        region: first.region,
        lang: 'ko',
        labs: [{ lab: labId }],
        scoringPolicy: 'best',
        // Every example was recorded in one account: the demo students share it, like a team.
        teamBased: true,
        // A short window, so the demo's live event shows its grades within seconds.
        liveGrading: { debounceSeconds: 5 },
      },
      now(),
      { creator: DEMO_INSTRUCTOR },
    );
    await registerStudents(
      store,
      courseId,
      [...inventories].map(([studentId, inventory]) => ({
        studentId,
        name: studentId.slice(labId.length + 1),
        accountId: accountOf(inventory),
        access: 'role',
        roleArn: `arn:aws:iam::${accountOf(inventory)}:role/labgrader-demo`,
        externalId: 'recorded-example',
      })),
    );
  }
  return seeded;
}
