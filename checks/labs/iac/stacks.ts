/** iac.stack and iac.no-failed: the student's stacks and the states they are left in. */
import { isFailedState } from '../../facts/cloudformation.js';
import { fail, pass, skip, text } from '../../model.js';
import { ignoredStacks, stackLabel, stacksCheck } from './target.js';

const COMPLETE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

export const stack = stacksCheck({
  id: 'iac.stack',
  judgedWithoutTarget: true,
  title: text('A stack of the student is deployed', '학생 스택 배포 완료'),
  points: 20,
  hint: text(
    "Infrastructure as code: write the lab's resources in a CloudFormation template (or a CDK app) and deploy it as a stack, the unit CloudFormation creates, updates and deletes together. A stack is ready when it reaches CREATE_COMPLETE or UPDATE_COMPLETE.",
    '코드형 인프라(IaC): 실습 리소스를 CloudFormation 템플릿(또는 CDK 앱)으로 작성해 스택으로 배포하세요. 스택은 CloudFormation이 함께 만들고, 업데이트하고, 삭제하는 리소스의 집합입니다. CREATE_COMPLETE 또는 UPDATE_COMPLETE 상태가 되면 배포가 끝난 것입니다.',
  ),
  evaluate(students, _p, inventory) {
    const ignored = ignoredStacks(inventory, students);
    const aside = ignored.length
      ? text(` (not the student's: ${ignored.join(', ')})`, ` (학생 스택이 아님: ${ignored.join(', ')})`)
      : text('', '');
    const ready = students.roots.filter((s) => COMPLETE.has(s.StackStatus ?? ''));
    if (ready.length > 0) {
      return pass(
        text(
          `Deployed student stacks: ${ready.map(stackLabel).join(', ')}.`,
          `배포가 끝난 학생 스택: ${ready.map(stackLabel).join(', ')}.`,
        ),
        ready.map((s) => s.StackId ?? ''),
      );
    }
    if (students.roots.length === 0) {
      return fail(
        text(`The region has no student stack${aside.en}.`, `이 리전에 학생이 만든 스택이 없습니다${aside.ko}.`),
      );
    }
    const list = students.roots.map(stackLabel).join(', ');
    return fail(
      text(
        `No student stack is in CREATE_COMPLETE or UPDATE_COMPLETE: ${list}.`,
        `CREATE_COMPLETE 또는 UPDATE_COMPLETE 상태인 학생 스택이 없습니다: ${list}.`,
      ),
      students.roots.map((s) => s.StackId ?? ''),
    );
  },
});

export const noFailed = stacksCheck({
  id: 'iac.no-failed',
  judgedWithoutTarget: true,
  title: text('No stack is left failed or rolled back', '실패하거나 롤백된 스택 없음'),
  points: 25,
  hint: text(
    'A stack whose creation failed stays in ROLLBACK_COMPLETE and can only be deleted; after a failed update it stays in UPDATE_ROLLBACK_COMPLETE with the old template. Read the stack events for the first failure, fix the template, then delete the broken stack (or update it again) so no half-built stack is left.',
    '생성에 실패한 스택은 ROLLBACK_COMPLETE 상태로 남아 삭제만 할 수 있고, 업데이트에 실패하면 이전 템플릿으로 UPDATE_ROLLBACK_COMPLETE 상태가 됩니다. 스택 이벤트에서 처음 실패한 리소스를 찾아 템플릿을 고친 뒤, 실패한 스택을 삭제(또는 다시 업데이트)해서 반쯤 만들어진 스택이 남지 않게 하세요.',
  ),
  evaluate(students) {
    if (students.roots.length === 0) {
      return skip(
        text('There is no student stack to judge (see iac.stack).', '판정할 학생 스택이 없습니다(iac.stack 참고).'),
      );
    }
    const failed = students.roots.filter((s) => isFailedState(s.StackStatus));
    if (failed.length > 0) {
      const list = failed
        .map((s) => `${stackLabel(s)}${s.StackStatusReason ? `: ${s.StackStatusReason}` : ''}`)
        .join('; ');
      return fail(
        text(
          `${failed.length} of ${students.roots.length} student stacks are left failed or rolled back: ${list}.`,
          `학생 스택 ${students.roots.length}개 중 ${failed.length}개가 실패하거나 롤백된 상태로 남아 있습니다: ${list}.`,
        ),
        failed.map((s) => s.StackId ?? ''),
      );
    }
    return pass(
      text(
        `None of the ${students.roots.length} student stacks is failed or rolled back: ${students.roots.map(stackLabel).join(', ')}.`,
        `학생 스택 ${students.roots.length}개 모두 실패하거나 롤백된 상태가 아닙니다: ${students.roots.map(stackLabel).join(', ')}.`,
      ),
      students.roots.map((s) => s.StackId ?? ''),
    );
  },
});
