// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// An ERC-20-like token: balances, transfers with Transfer events, and a custom error when a
/// balance is too small.
contract Token {
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);
    error InsufficientBalance(address account, uint256 available, uint256 required);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        uint256 available = balanceOf[msg.sender];
        if (available < amount) revert InsufficientBalance(msg.sender, available, amount);
        unchecked {
            balanceOf[msg.sender] = available - amount;
        }
        balanceOf[to] += amount;
        emit Transfer(msg.sender, to, amount);
        return true;
    }
}
