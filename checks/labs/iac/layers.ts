/** iac.layered: the lab is split into stacks, one importing what another exports. */
import { read, readEntry } from '../../inventory.js';
import { fail, pass, text } from '../../model.js';
import { stacksCheck } from './target.js';

export const layered = stacksCheck({
  id: 'iac.layered',
  judgedWithoutTarget: true,
  title: text('Layered stacks: one imports what another exports', '계층별 스택: 내보내기/가져오기로 연결'),
  points: 25,
  hint: text(
    'One huge template is hard to read and to change. Split the lab into layers (network, then the application...) deployed as separate stacks; the network stack exports values (Outputs with Export: Name) and the next stack reads them with Fn::ImportValue, so the layers stay linked without copying ids.',
    '템플릿 하나에 모든 것을 넣으면 길고 읽기 어렵습니다. 실습을 계층(네트워크, 그다음 애플리케이션 등)으로 나눠 별도의 스택으로 배포하세요. 네트워크 스택은 출력값을 내보내고(Outputs의 Export Name) 다음 스택은 Fn::ImportValue로 가져오면, ID를 복사하지 않고도 계층이 연결됩니다.',
  ),
  evaluate(students, p, inventory) {
    const roots = students.roots;
    const names = roots.map((s) => s.StackName).join(', ');
    if (roots.length < p.minStacks) {
      return fail(
        text(
          `${roots.length} student stack${roots.length === 1 ? '' : 's'}${names ? ` (${names})` : ''}; a layered lab has at least ${p.minStacks}.`,
          `학생 스택이 ${roots.length}개${names ? `(${names})` : ''}입니다. 계층을 나눈 실습에는 스택이 ${p.minStacks}개 이상 있어야 합니다.`,
        ),
        roots.map((s) => s.StackId ?? ''),
      );
    }
    const links: { exporter: string; importer: string; name: string; ids: string[] }[] = [];
    const unused: string[] = [];
    for (const e of read(inventory, 'cloudformation.exports')) {
      const exporter = students.rootOf.get(e.ExportingStackId ?? '');
      if (!exporter || !e.Name) continue;
      const importers = readEntry(inventory, 'cloudformation.imports', e.Name)
        .map((name) => students.rootByName.get(name))
        .filter((s) => s !== undefined && s !== exporter);
      if (importers.length === 0) unused.push(`${e.Name} (${exporter.StackName})`);
      for (const importer of importers) {
        links.push({
          exporter: exporter.StackName ?? '?',
          importer: importer?.StackName ?? '?',
          name: e.Name,
          ids: [exporter.StackId ?? '', importer?.StackId ?? ''],
        });
      }
    }
    if (links.length === 0) {
      const what = unused.length
        ? text(
            `their exports are imported by no other stack: ${unused.join(', ')}`,
            `내보낸 값을 가져오는 다른 스택이 없습니다: ${unused.join(', ')}`,
          )
        : text('none of them exports a value', '어느 스택도 값을 내보내지 않습니다');
      return fail(
        text(
          `${roots.length} student stacks (${names}), but no stack imports a value another exports: ${what.en}.`,
          `학생 스택 ${roots.length}개(${names})가 있지만 다른 스택이 내보낸 값을 가져오는 스택이 없습니다. ${what.ko}.`,
        ),
        roots.map((s) => s.StackId ?? ''),
      );
    }
    const list = links.map((l) => `${l.importer} imports ${l.name} from ${l.exporter}`).join(', ');
    const listKo = links.map((l) => `${l.importer}이(가) ${l.exporter}의 ${l.name}을(를) 가져옴`).join(', ');
    return pass(
      text(`The stacks are layered: ${list}.`, `스택이 계층으로 나뉘어 연결되어 있습니다: ${listKo}.`),
      links.flatMap((l) => l.ids),
    );
  },
});
