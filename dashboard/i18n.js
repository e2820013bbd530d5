// @ts-check
/**
 * The dashboard's own words in the course's two languages. Check titles, messages and hints come
 * from the API already localized (the course's language); these are only the page's labels.
 */

/** @typedef {'ko' | 'en'} Lang */

const MESSAGES = {
  en: {
    title: 'labgrader — class dashboard',
    studentTitle: 'labgrader — my results',
    token: 'Access token',
    tokenHelp: 'Paste the token from `labgrader token` or your sign-in. It is kept only in this browser tab.',
    apiWhere: 'The token is sent only to {url}.',
    course: 'Course',
    lab: 'Lab',
    connect: 'Show',
    signOut: 'Forget token',
    refresh: 'Refresh',
    autoRefresh: 'Auto-refresh',
    autoRefreshOn: 'Auto-refresh every {s} s while the lab session runs',
    autoRefreshIdle: 'Auto-refresh paused: no attempt in the last {m} minutes',
    lastUpdated: 'Updated {t}',
    downloadCsv: 'Download CSV',
    language: '한국어',
    languageLabel: 'Switch language to Korean',
    loading: 'Loading…',
    heatmap: 'Students × checks',
    heatmapHelp: 'Arrow keys move between cells; Enter opens the details of a cell or a student.',
    student: 'Student',
    score: 'Score',
    passRate: 'Share of the class passing each check',
    distribution: 'Score distribution',
    timeline: 'Latest attempt of each student, over time',
    students: '{n} students',
    attempted: '{n} graded',
    noStudents: 'No students are registered in this course yet.',
    pass: 'pass',
    fail: 'fail',
    error: 'grader error',
    skip: 'not applicable',
    none: 'not attempted',
    legend: 'Legend',
    points: '{earned} / {points} points',
    bonus: 'bonus',
    message: 'Result',
    evidence: 'Evidence (resources judged)',
    noEvidence: 'No resource was judged.',
    hint: 'Hint',
    errorCode: 'AWS error code',
    errorNotStudent: 'The grader could not look: this is not the student’s fault.',
    close: 'Close',
    attempts: 'Attempts',
    attemptsOf: 'Attempts of {student}',
    noAttempts: 'No attempt yet.',
    firstAttempt: 'first attempt',
    noChange: 'no check changed',
    changed: '{n} checks changed',
    trigger: { schedule: 'schedule', api: 'on demand', event: 'event', cli: 'CLI' },
    passingShare: '{pct}% pass ({n} of {total})',
    studentsInBin: '{n} students',
    attemptsInBin: '{n} attempts',
    renderTime: 'Rendered in {ms} ms',
    errUnauthorized: 'The token was refused (401). Paste a valid token.',
    errForbidden: 'This token may not see that (403).',
    errNotFound: 'Not found (404): check the course and lab.',
    errNetwork: 'Cannot reach the API at {url}.',
    errOther: 'The API answered {status}: {message}',
    myResults: 'My latest result',
    gradeNow: 'Grade me now',
    grading: 'Grading…',
    studentView: 'Student view',
    instructorView: 'Instructor view',
    signedInAs: 'Signed in as {id}',
    target: 'Graded {kind} {id}',
    noTarget: 'Nothing to grade was found',
    startedAt: 'Started',
    sortBy: 'Sort',
    sortName: 'by student',
    sortScoreAsc: 'lowest score first',
    sortScoreDesc: 'highest score first',
    filter: 'Filter students',
    noneJudged: 'no student judged yet',
    scoreStats: 'min {min} · median {median} · mean {mean} · max {max}',
    countedScore: 'Score ({policy})',
    countedHelp:
      'The score that counts under the course’s policy (the CSV’s score column); the latest attempt is beside it when it differs.',
    policy: { latest: 'latest attempt', best: 'best attempt', 'best-before-deadline': 'best before the deadline' },
    notCountedYet: 'no attempt counts yet',
    latestScore: 'latest {score}',
    latestError: 'latest: grader error',
    notCounted: 'not counted: the grader could not look',
    noCourse: 'You are not registered in a course yet: ask your instructor to add you.',
    fairness: 'Fair grading',
    flags: 'Flags',
    flagsNone: 'No flags: every account belongs to one student, none changed, no grade read the wrong account.',
    flagShared: 'Account {account} ({students}) is also registered by: {others}',
    flagChanged: '{student} now uses account {account}; earlier account with attempts: {earlier}',
    flagWrong: '{student} ({lab}): {n} grade(s) read account {read}, not the registered {registered}; not counted',
    flagUnowned:
      '{student} ({lab}): {n} attempt(s) stored before attempts belonged to an account; no regrade reaches them',
    regrade: 'Regrade with the current grader',
    regradeHelp:
      "A dry run shows each student's counted score before and after and the checks whose status changed; nothing is stored until you confirm.",
    regradeDryRun: 'Dry run',
    regradeProgress: '{done} of {total} students',
    dryRunNote: 'dry run: nothing stored',
    regradeConfirm: 'Regrade for real',
    regradeAreYouSure: 'Store the new results of {n} students ({changed} change their counted score)?',
    before: 'Before',
    after: 'After',
    change: 'Change',
    checksChanged: 'Checks changed',
    overrides: 'Overrides',
    overridesNone: 'No overrides in this lab.',
    check: 'Check',
    graderVerdict: "Grader's verdict",
    overrideVerdict: 'Override',
    whoWhenWhy: 'Who, when, why',
    overrideBy: 'by {by}, {at}',
    removeOverride: 'Remove…',
    removeReason: 'Why remove this override? (required)',
    overridePoints: 'Points (optional)',
    overrideReason: 'Reason (required)',
    addOverride: 'Override',
    auditTrail: 'Audit trail ({n})',
    auditSet: '{at} {by} set {student} {check} → {status}:',
    auditRemoved: '{at} {by} removed {student} {check}:',
  },
  ko: {
    title: 'labgrader — 수업 대시보드',
    studentTitle: 'labgrader — 내 결과',
    token: '액세스 토큰',
    tokenHelp: '`labgrader token` 또는 로그인에서 받은 토큰을 붙여 넣으세요. 이 브라우저 탭에만 보관됩니다.',
    apiWhere: '토큰은 {url}에만 보냅니다.',
    course: '과정',
    lab: '실습',
    connect: '보기',
    signOut: '토큰 지우기',
    refresh: '새로 고침',
    autoRefresh: '자동 새로 고침',
    autoRefreshOn: '실습 중에는 {s}초마다 자동으로 새로 고칩니다',
    autoRefreshIdle: '자동 새로 고침 일시 중지: 최근 {m}분 동안 채점 시도 없음',
    lastUpdated: '{t} 갱신',
    downloadCsv: 'CSV 다운로드',
    language: 'English',
    languageLabel: '영어로 전환',
    loading: '불러오는 중…',
    heatmap: '학생 × 체크 항목',
    heatmapHelp: '화살표 키로 셀 사이를 이동하고, Enter 키로 셀이나 학생의 상세 정보를 엽니다.',
    student: '학생',
    score: '점수',
    passRate: '체크 항목별 통과한 학생 비율',
    distribution: '점수 분포',
    timeline: '학생별 최근 채점 시도 시각',
    students: '학생 {n}명',
    attempted: '{n}명 채점됨',
    noStudents: '이 과정에 등록된 학생이 아직 없습니다.',
    pass: '통과',
    fail: '실패',
    error: '채점기 오류',
    skip: '해당 없음',
    none: '미제출',
    legend: '범례',
    points: '{earned} / {points}점',
    bonus: '보너스',
    message: '결과',
    evidence: '근거 (판단한 리소스)',
    noEvidence: '판단한 리소스가 없습니다.',
    hint: '힌트',
    errorCode: 'AWS 오류 코드',
    errorNotStudent: '채점기가 확인하지 못했습니다. 학생의 잘못이 아닙니다.',
    close: '닫기',
    attempts: '채점 시도',
    attemptsOf: '{student}의 채점 시도',
    noAttempts: '아직 채점 시도가 없습니다.',
    firstAttempt: '첫 시도',
    noChange: '바뀐 체크 항목 없음',
    changed: '체크 항목 {n}개 변경',
    trigger: { schedule: '정기 채점', api: '요청 채점', event: '이벤트', cli: 'CLI' },
    passingShare: '{pct}% 통과 ({total}명 중 {n}명)',
    studentsInBin: '학생 {n}명',
    attemptsInBin: '시도 {n}회',
    renderTime: '{ms} ms에 표시',
    errUnauthorized: '토큰이 거부되었습니다 (401). 올바른 토큰을 붙여 넣으세요.',
    errForbidden: '이 토큰으로는 볼 수 없습니다 (403).',
    errNotFound: '찾을 수 없습니다 (404). 과정과 실습을 확인하세요.',
    errNetwork: '{url}의 API에 연결할 수 없습니다.',
    errOther: 'API 응답 {status}: {message}',
    myResults: '내 최근 결과',
    gradeNow: '지금 채점하기',
    grading: '채점 중…',
    studentView: '학생 보기',
    instructorView: '강사 보기',
    signedInAs: '{id}(으)로 로그인됨',
    target: '채점 대상 {kind} {id}',
    noTarget: '채점할 리소스를 찾지 못했습니다',
    startedAt: '시작',
    sortBy: '정렬',
    sortName: '학생순',
    sortScoreAsc: '낮은 점수순',
    sortScoreDesc: '높은 점수순',
    filter: '학생 검색',
    noneJudged: '아직 판단된 학생 없음',
    scoreStats: '최저 {min} · 중앙값 {median} · 평균 {mean} · 최고 {max}',
    countedScore: '점수 ({policy})',
    countedHelp: '과정의 정책에 따라 인정되는 점수입니다 (CSV의 score 열). 최근 시도가 다르면 옆에 표시합니다.',
    policy: { latest: '최근 시도', best: '최고 시도', 'best-before-deadline': '마감 전 최고 시도' },
    notCountedYet: '아직 인정된 시도 없음',
    latestScore: '최근 {score}',
    latestError: '최근: 채점기 오류',
    notCounted: '반영 안 됨: 채점기가 확인하지 못함',
    noCourse: '아직 등록된 과정이 없습니다. 강사에게 등록을 요청하세요.',
    fairness: '공정한 채점',
    flags: '확인할 항목',
    flagsNone: '확인할 항목 없음: 모든 계정이 한 학생의 것이고, 바뀐 계정도, 다른 계정을 읽은 채점도 없습니다.',
    flagShared: '계정 {account} ({students})을(를) 다른 학생도 등록했습니다: {others}',
    flagChanged: '{student}은(는) 이제 계정 {account}을(를) 씁니다. 시도가 남은 이전 계정: {earlier}',
    flagWrong:
      '{student} ({lab}): 채점 {n}건이 등록된 {registered}이(가) 아닌 계정 {read}을(를) 읽었습니다. 반영하지 않았습니다',
    flagUnowned: '{student} ({lab}): 계정별 저장 이전의 시도 {n}건; 재채점이 닿지 않습니다',
    regrade: '현재 채점기로 재채점',
    regradeHelp:
      '미리보기(dry run)는 학생별 인정 점수의 전후와 상태가 바뀐 항목을 보여 주며, 확인하기 전에는 아무것도 저장하지 않습니다.',
    regradeDryRun: '미리보기',
    regradeProgress: '학생 {total}명 중 {done}명',
    dryRunNote: '미리보기: 저장하지 않음',
    regradeConfirm: '실제로 재채점',
    regradeAreYouSure: '학생 {n}명의 새 결과를 저장할까요? ({changed}명의 인정 점수가 바뀝니다)',
    before: '이전',
    after: '이후',
    change: '변화',
    checksChanged: '바뀐 항목',
    overrides: '판정 변경',
    overridesNone: '이 실습에 판정 변경이 없습니다.',
    check: '항목',
    graderVerdict: '채점기 판정',
    overrideVerdict: '변경된 판정',
    whoWhenWhy: '누가, 언제, 왜',
    overrideBy: '{by}, {at}',
    removeOverride: '취소…',
    removeReason: '이 판정 변경을 취소하는 이유 (필수)',
    overridePoints: '점수 (선택)',
    overrideReason: '이유 (필수)',
    addOverride: '판정 변경',
    auditTrail: '변경 기록 ({n})',
    auditSet: '{at} {by}: {student} {check} → {status}:',
    auditRemoved: '{at} {by}: {student} {check} 취소:',
  },
};

/** @typedef {keyof typeof MESSAGES.en} MessageKey */

/**
 * The page's language: a saved choice, else the browser's (Korean for any `ko*`), else English.
 * @param {string | null | undefined} saved
 * @param {readonly string[]} browserLanguages
 * @returns {Lang}
 */
export function pickLang(saved, browserLanguages) {
  if (saved === 'ko' || saved === 'en') return saved;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ko' || base === 'en') return base;
  }
  return 'en';
}

/**
 * Returns the translator for one language: `t('students', { n: 3 })`.
 * @param {Lang} lang
 */
export function translator(lang) {
  const table = MESSAGES[lang];
  /**
   * @param {Exclude<MessageKey, 'trigger' | 'policy'>} key
   * @param {Record<string, string | number>} [vars]
   * @returns {string}
   */
  const t = (key, vars) => {
    const template = /** @type {string} */ (table[key]);
    return vars ? template.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? `{${name}}`)) : template;
  };
  /** @param {string} trigger */
  t.trigger = (trigger) => /** @type {Record<string, string>} */ (table.trigger)[trigger] ?? trigger;
  /** @param {string} policy */
  t.policy = (policy) => /** @type {Record<string, string>} */ (table.policy)[policy] ?? policy;
  return t;
}

/** @typedef {ReturnType<typeof translator>} Translate */
