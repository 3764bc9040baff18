/**
 * Prints one plain closing line after jest's own summary, e.g. `tests: 212 passed, 0 failed, 3 skipped`,
 * so CI logs can be read by tools that look for "N passed, N failed" on a line of its own.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
