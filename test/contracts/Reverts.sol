// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Reverts with reason strings: a fixed one from require, and one the caller chooses.
contract Reverts {
    function double(uint256 x) external pure returns (uint256) {
        require(x > 0, "x must be positive");
        return x * 2;
    }

    function fail(string calldata reason) external pure {
        revert(reason);
    }
}
