import { readFileSync } from 'node:fs';
import {
  answerHashOf,
  readBundle,
  readBundleEvents,
  treeHeadSha256,
  verifyAttestation,
  verifySealedAttestation,
  type Attestation,
  type AttestationCheck,
  type SealedAttestation,
  type SignedTreeHead,
} from '@ledger/audit';
import type { Command } from 'commander';
import { attestedFigureQuery, sealedAnswerAt } from '../../../ledger-api/src/audit/attest-figure';
import { verifyBundle, type VerifyOutcome } from './verify.command';

interface VerifyAttestationOptions {
  readonly publicKey?: string;
  readonly bundle?: string;
  readonly json?: boolean;
}

export interface AttestationVerdict {
  readonly valid: boolean;
  readonly signature: AttestationCheck;
  /** With a bundle: the bundle verified, and the figure recomputed from it hashes to the attested answer. */
  readonly recomputed?: {
    readonly bundleOk: boolean;
    readonly answerHash: string | null;
    readonly matches: boolean;
    readonly bundle: VerifyOutcome;
  };
}

export function registerVerifyAttestationCommand(program: Command): void {
  program
    .command('verify-attestation')
    .description(
      "check an attestation offline against the ledger's public key; with --bundle, also recompute the figure from an audit bundle",
    )
    .argument('<file>', 'attestation JSON (from POST /v1/attestations or `ledger attest`)')
    .option(
      '--public-key <pem>',
      "the ledger's public key (SubjectPublicKeyInfo PEM), obtained over a channel you trust; default: the bundle's",
    )
    .option('--bundle <dir>', 'an audit bundle (`ledger export`) covering the attested tree head')
    .option('--json', 'print the verdict as JSON')
    .action(async (file: string, options: VerifyAttestationOptions) => {
      const verdict = await checkAttestation(file, options);
      if (options.json) process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
      else process.stdout.write(describeVerdict(verdict));
      if (!verdict.valid) process.exitCode = 1;
    });
}

export async function checkAttestation(
  file: string,
  options: VerifyAttestationOptions,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<AttestationVerdict> {
  const attestation = JSON.parse(readFileSync(file, 'utf8')) as Attestation | SealedAttestation;
  if (options.publicKey === undefined && options.bundle === undefined)
    throw new Error('give --public-key (and/or --bundle, whose key is then used)');
  const publicKeyPem = options.publicKey !== undefined ? readFileSync(options.publicKey, 'utf8') : readBundle(options.bundle!).publicKeyPem;
  if (attestation.version === 2) return checkSealed(attestation, publicKeyPem, options, stream);
  const signature = verifyAttestation(attestation, publicKeyPem);
  if (options.bundle === undefined) return { valid: signature.valid, signature };

  if (readBundle(options.bundle).publicKeyPem.trim() !== publicKeyPem.trim()) {
    throw new Error('the bundle carries another public key than the one given: it is not from this ledger');
  }
  const { figure, params } = attestedFigureQuery(attestation.query);
  let answerHash: string | null = null;
  // The attested head joins the bundle's heads, so its root is recomputed from the bundle's events.
  const bundle = await verifyBundle(options.bundle, {
    extraHeads: signature.problems.includes('tree_head_signature_invalid') ? [] : [attestation.treeHead],
    stream,
    answer: async (service) => {
      answerHash = answerHashOf(await service.answer(figure, params));
    },
  });
  const matches = bundle.report.ok && answerHash === attestation.answerHash;
  return { valid: signature.valid && matches, signature, recomputed: { bundleOk: bundle.report.ok, answerHash, matches, bundle } };
}

/**
 * A sealed attestation (a regulator's): the signature alone; with a bundle (the exchange's auditors), the bundle's
 * head whose salted hash it carries, then the scoped answer recomputed as known at that head's last event.
 */
async function checkSealed(
  attestation: SealedAttestation,
  publicKeyPem: string,
  options: VerifyAttestationOptions,
  stream: NodeJS.WriteStream,
): Promise<AttestationVerdict> {
  const offline = verifySealedAttestation(attestation, publicKeyPem);
  if (options.bundle === undefined) return { valid: offline.valid, signature: offline };
  if (readBundle(options.bundle).publicKeyPem.trim() !== publicKeyPem.trim()) {
    throw new Error('the bundle carries another public key than the one given: it is not from this ledger');
  }
  const head: SignedTreeHead | undefined = readBundle(options.bundle).treeHeads.find(
    (h) => treeHeadSha256(h, attestation.treeHeadSalt) === attestation.treeHeadSha256,
  );
  if (head === undefined) throw new Error('no tree head of the bundle is the one this attestation seals: export a bundle that covers it');
  const signature = verifySealedAttestation(attestation, publicKeyPem, { treeHead: head });
  const position = await lastPositionOf(options.bundle, head.treeSize);
  let answerHash: string | null = null;
  const bundle = await verifyBundle(options.bundle, {
    stream,
    answer: async (service) => {
      answerHash = answerHashOf(await sealedAnswerAt(service, attestation.query as Record<string, string>, position));
    },
  });
  const matches = bundle.report.ok && answerHash === attestation.answerHash;
  return { valid: signature.valid && matches, signature, recomputed: { bundleOk: bundle.report.ok, answerHash, matches, bundle } };
}

/** The position of the bundle's `treeSize`-th event (0 for the empty tree). */
async function lastPositionOf(dir: string, treeSize: number): Promise<number> {
  if (treeSize === 0) return 0;
  let seen = 0;
  for await (const event of readBundleEvents(dir)) if (++seen === treeSize) return event.position;
  throw new Error(`the bundle holds ${seen} events, fewer than the sealed head's ${treeSize}`);
}

function describeVerdict(verdict: AttestationVerdict): string {
  const lines = [
    verdict.signature.valid
      ? 'signatures: OK (tree head and statement signed by the given key; answer hash matches the embedded answer)'
      : `signatures: INVALID (${verdict.signature.problems.join(', ')})`,
  ];
  if (verdict.recomputed) {
    const { bundleOk, matches, answerHash, bundle } = verdict.recomputed;
    if (!bundleOk) lines.push(`bundle: MISMATCH (${bundle.report.firstMismatch?.problem}): ${bundle.report.firstMismatch?.detail}`);
    else
      lines.push(
        `bundle: OK (${bundle.report.eventsChecked} events, ${bundle.report.treeHeadsChecked} signed heads incl. the attested one)`,
        `recomputed answer: ${matches ? 'matches the attested hash' : `DIFFERS (sha256 ${answerHash})`}`,
      );
  }
  lines.push(verdict.valid ? 'VALID' : 'NOT VALID');
  return `${lines.join('\n')}\n`;
}
