/**
 * Writes templates/student-access.json, the CloudFormation template students deploy to let the
 * grader read their account, from the actions the collectors of the registered labs' sources declare.
 * Run: npm run student-template (and commit the result; a test fails when it is stale).
 */
import { writeFile } from 'node:fs/promises';
import { studentReadActions } from '../infra/permissions.js';
import { renderStudentAccessTemplate, STUDENT_TEMPLATE_PATH } from '../infra/student-access-template.js';

await writeFile(STUDENT_TEMPLATE_PATH, renderStudentAccessTemplate());
console.log(`${STUDENT_TEMPLATE_PATH}: ${studentReadActions().length} read actions`);
