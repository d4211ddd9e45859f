// Writes one JSON line per failed flow (title, spec:line, the error's first line) to the file
// named by AML_E2E_FAILURES, so `cargo xtask test` can name the failed flows in its summary:
// CI keeps only the end of the output, where the list reporter's own failure list is long gone.
import * as fs from 'node:fs';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class FailuresReporter implements Reporter {
  private readonly file = process.env.AML_E2E_FAILURES ?? '';

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!this.file || result.status === 'passed' || result.status === 'skipped') return;
    const error = (result.error?.message ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0];
    const line = {
      title: test.titlePath().filter(Boolean).slice(1).join(' › '),
      at: `${test.location.file.split('/').pop()}:${test.location.line}`,
      status: result.status,
      error,
    };
    fs.appendFileSync(this.file, JSON.stringify(line) + '\n');
  }
}
