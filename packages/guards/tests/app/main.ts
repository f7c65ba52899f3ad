// Command line entry of the test app: `capture [--switch-file <path>]`.
// Prints the capture as JSON, or one line and exit code 3 when a kill switch
// refuses it; source problems go to stderr as they are reported.
import { KillSwitchEngaged, onViolation, useKillSwitchSource } from '@bookiji/guards';
import { fileSource } from '@bookiji/guards/file';
import { capturePayment } from './booking-app.js';

const EXIT_REFUSED = 3;
const EXIT_USAGE = 2;

const [command, flag, path] = process.argv.slice(2);
if (command !== 'capture' || (flag !== undefined && (flag !== '--switch-file' || path === undefined))) {
  process.stderr.write('usage: main.ts capture [--switch-file <path>]\n');
  process.exit(EXIT_USAGE);
}
if (path !== undefined) useKillSwitchSource(fileSource(path, { watch: false }));
onViolation((record) => {
  if (record.code === 'kill-switch-source') process.stderr.write(`kill switch source problem: ${record.message}\n`);
});

try {
  const capture = capturePayment({ bookingId: 'bk-1042', amountMinor: 12_500, currency: 'EUR', idempotencyKey: 'capture-bk-1042-attempt-1' });
  process.stdout.write(`${JSON.stringify(capture)}\n`);
} catch (error) {
  if (!(error instanceof KillSwitchEngaged)) throw error;
  process.stderr.write(`refused: ${error.message}\n`);
  process.exitCode = EXIT_REFUSED;
}
