/** compute.custom-ami (bonus): an AMI the account owns is available and a lab instance runs from it. */

import { label } from '../../facts/tags.js';
import { read, tryRead } from '../../inventory.js';
import { fail, pass, text } from '../../model.js';
import { instanceIds, runningCheck } from './target.js';

export const customAmi = runningCheck({
  id: 'compute.custom-ami',
  title: text("(Bonus) An instance runs from the account's own AMI", '(보너스) 직접 만든 AMI로 인스턴스 실행'),
  points: 5,
  bonus: true,
  hint: text(
    'An AMI (Amazon Machine Image) is the OS image an instance starts from. Start from an AWS AMI, install and configure what the server needs, create an image of that instance, and launch the lab instances from your own AMI: every new instance then starts ready.',
    'AMI(Amazon Machine Image)는 인스턴스가 시작하는 OS 이미지입니다. AWS가 제공하는 AMI로 시작해 필요한 것을 설치하고 설정한 뒤 그 인스턴스로 이미지를 만들고, 직접 만든 AMI로 실습 인스턴스를 시작하세요. 새 인스턴스가 준비된 상태로 시작됩니다.',
  ),
  evaluate(t, _p, inventory) {
    // Owners=self answers only the account's AMIs; an answer that ignores the filter (an emulator)
    // must not make an Amazon or Marketplace AMI the student's own.
    const account = inventory.accountId ?? tryRead(inventory, 'sts.callerIdentity')?.Account;
    const owned = read(inventory, 'ec2.images').filter(
      (image) => !account || !image.OwnerId || image.OwnerId === account,
    );
    const available = owned.filter((image) => image.State === 'available');
    if (available.length === 0) {
      const pending = owned.map((image) => `${image.ImageId} (${image.State ?? '?'})`).join(', ');
      return fail(
        text(
          `The account owns no available AMI${pending ? ` (${pending})` : ''}.`,
          `계정이 소유한 사용 가능한(available) AMI가 없습니다${pending ? `(${pending})` : ''}.`,
        ),
        owned.map((image) => image.ImageId ?? ''),
      );
    }
    const ids = new Map(available.map((image) => [image.ImageId, image]));
    const fromOwn = t.running.filter((i) => ids.has(i.ImageId));
    const amis = available.map((image) => label(image.ImageId, image.Tags ?? [])).join(', ');
    if (fromOwn.length === 0) {
      const used = [...new Set(t.running.map((i) => i.ImageId))].join(', ');
      return fail(
        text(
          `The account owns ${amis}, but the running lab instances were launched from ${used}.`,
          `계정이 소유한 AMI(${amis})가 있지만 실행 중인 실습 인스턴스는 ${used}(으)로 시작되었습니다.`,
        ),
        [...available.map((image) => image.ImageId ?? ''), ...instanceIds(t.running)],
      );
    }
    const list = fromOwn.map((i) => `${label(i.InstanceId, i.Tags)} ← ${i.ImageId}`).join(', ');
    return pass(
      text(
        `Running lab instances launched from the account's own AMI: ${list}.`,
        `계정이 직접 만든 AMI로 시작한 실습 인스턴스: ${list}.`,
      ),
      [...instanceIds(fromOwn), ...fromOwn.map((i) => i.ImageId ?? '')],
    );
  },
});
