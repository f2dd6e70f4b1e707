// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Child {
    address public immutable factory;
    uint256 public immutable value;

    constructor(uint256 v) {
        factory = msg.sender;
        value = v;
    }
}

/// Deploys Child contracts with CREATE2, so their addresses follow from the salt and the init code.
contract Factory {
    event Deployed(address child, bytes32 salt);

    function deploy(bytes32 salt, uint256 v) external returns (address child) {
        child = address(new Child{salt: salt}(v));
        emit Deployed(child, salt);
    }
}
