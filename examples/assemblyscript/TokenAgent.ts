/**
 * A Wasm contract that calls a Solidity one: it reads and moves ERC-20 tokens it holds (any ERC-20,
 * e.g. test/contracts/ERC20.sol compiled by solc) with ABI-encoded message calls, and passes a
 * failed call's revert data on unchanged, as Solidity does for a failed external call.
 */
import { Address, Decoder, Encoder, U256, call, staticCall, revertWith, require, address, uint256 } from "ewasm-devnet";

const BALANCE_OF: u32 = 0x70a08231; // balanceOf(address)
const TRANSFER: u32 = 0xa9059cbb; // transfer(address,uint256)

@event declare function Forwarded(token: indexed<address>, to: indexed<address>, amount: uint256): void;

/** token.balanceOf(account), through a static call. */
@view export function balanceIn(token: address, account: address): uint256 {
  const result = staticCall(token, new Encoder().address(account).finishCall(BALANCE_OF));
  if (!result.success) revertWith(result.data);
  return new Decoder(result.data).u256();
}

/** Sends `amount` of this contract's tokens to `to`; reverts with the token's own reason if it refuses. */
export function forward(token: address, to: address, amount: uint256): bool {
  const result = call(token, new Encoder().address(to).u256(amount).finishCall(TRANSFER));
  if (!result.success) revertWith(result.data);
  // Tokens that return nothing are accepted, as OpenZeppelin's SafeERC20 accepts them.
  require(result.data.length == 0 || new Decoder(result.data).bool(), "TokenAgent: transfer returned false");
  Forwarded(token, to, amount);
  return true;
}
