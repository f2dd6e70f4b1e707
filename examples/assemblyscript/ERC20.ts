/**
 * An ERC-20 token with the interface, events, revert reasons and storage layout of OpenZeppelin's
 * ERC20 (v4) written in Solidity (test/contracts/ERC20.sol is that Solidity twin; one test file
 * runs the same assertions against both). Storage: balances at slot 0, allowances at 1,
 * totalSupply at 2, name at 3, symbol at 4.
 */
import {
  U256, Address, StorageMap, StorageMap2, StorageValue, StorageString, caller, require,
  address, uint8, uint256,
} from "ewasm-devnet";

const balances = new StorageMap<Address, U256>(0);
const allowances = new StorageMap2<Address, Address, U256>(1);
const supply = new StorageValue<U256>(2);
const tokenName = new StorageString(3);
const tokenSymbol = new StorageString(4);

@event declare function Transfer(from: indexed<address>, to: indexed<address>, value: uint256): void;
@event declare function Approval(owner: indexed<address>, spender: indexed<address>, value: uint256): void;

export function constructor(name_: string, symbol_: string, initialSupply: uint256): void {
  tokenName.set(name_);
  tokenSymbol.set(symbol_);
  mint(caller(), initialSupply);
}

@view export function name(): string { return tokenName.get(); }
@view export function symbol(): string { return tokenSymbol.get(); }
@pure export function decimals(): uint8 { return 18; }
@view export function totalSupply(): uint256 { return supply.get(); }
@view export function balanceOf(account: address): uint256 { return balances.get(account); }
@view export function allowance(owner: address, spender: address): uint256 { return allowances.get(owner, spender); }

export function transfer(to: address, amount: uint256): bool {
  move(caller(), to, amount);
  return true;
}

export function approve(spender: address, amount: uint256): bool {
  setAllowance(caller(), spender, amount);
  return true;
}

export function transferFrom(from: address, to: address, amount: uint256): bool {
  const spender = caller();
  const current = allowances.get(from, spender);
  if (current != U256.Max) {
    require(current >= amount, "ERC20: insufficient allowance");
    setAllowance(from, spender, current.subWrapping(amount));
  }
  move(from, to, amount);
  return true;
}

function move(from: Address, to: Address, amount: U256): void {
  require(!from.isZero(), "ERC20: transfer from the zero address");
  require(!to.isZero(), "ERC20: transfer to the zero address");
  const fromBalance = balances.get(from);
  require(fromBalance >= amount, "ERC20: transfer amount exceeds balance");
  balances.set(from, fromBalance.subWrapping(amount));
  // Cannot overflow: the sum of all balances is totalSupply, which fits.
  balances.set(to, balances.get(to).addWrapping(amount));
  Transfer(from, to, amount);
}

function mint(account: Address, amount: U256): void {
  require(!account.isZero(), "ERC20: mint to the zero address");
  supply.set(supply.get() + amount);
  balances.set(account, balances.get(account).addWrapping(amount));
  Transfer(Address.Zero, account, amount);
}

function setAllowance(owner: Address, spender: Address, amount: U256): void {
  require(!owner.isZero(), "ERC20: approve from the zero address");
  require(!spender.isZero(), "ERC20: approve to the zero address");
  allowances.set(owner, spender, amount);
  Approval(owner, spender, amount);
}
