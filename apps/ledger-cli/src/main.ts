#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError } from '@ledger/config';
import { Command } from 'commander';
import { registerDemoCommand } from './commands/demo.command';
import { registerEventIdsCommand } from './commands/event-ids.command';
import { registerFiguresCommand } from './commands/figures.command';
import { registerImportCommand } from './commands/import.command';
import { registerKeysCommand } from './commands/keys.command';
import { registerSecretsCommand } from './commands/secrets.command';
import { registerProjectCommand } from './commands/project.command';
import { registerProvenanceCommand } from './commands/provenance.command';
import { registerReplayCommand } from './commands/replay.command';
import { registerRestatementsCommand } from './commands/restatements.command';
import { registerServeCommand } from './commands/serve.command';
import { registerAttestCommand } from './commands/attest.command';
import { registerExportCommand } from './commands/export.command';
import { registerVerifyAttestationCommand } from './commands/verify-attestation.command';
import { registerVerifyCommand } from './commands/verify.command';

export function buildProgram(): Command {
  const program = new Command('ledger')
    .description('Cooperation Ledger: the event-sourced system of record behind the published law-enforcement cooperation figures')
    .showHelpAfterError();
  registerServeCommand(program);
  registerDemoCommand(program);
  registerImportCommand(program);
  registerFiguresCommand(program);
  registerProvenanceCommand(program);
  registerRestatementsCommand(program);
  registerReplayCommand(program);
  registerProjectCommand(program);
  registerVerifyCommand(program);
  registerAttestCommand(program);
  registerVerifyAttestationCommand(program);
  registerExportCommand(program);
  registerKeysCommand(program);
  registerSecretsCommand(program);
  registerEventIdsCommand(program);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`ledger: ${describeError(error)}\n`);
      process.exitCode = 1;
    });
}

/** Configuration and file-system problems speak for themselves; anything unexpected is worth its stack. */
function describeError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof Error)
    return typeof (error as { code?: unknown }).code === 'string' ? error.message : (error.stack ?? error.message);
  return String(error);
}
