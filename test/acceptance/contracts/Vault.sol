// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// What issue 7's acceptance tests poke at: reasons, custom errors, empty reverts, time locks,
/// the block context a call sees, and who the sender is.
contract Vault {
    error NotOwner(address caller);

    address public owner;
    uint256 public value;
    uint256 public unlockTime;

    event ValueSet(address indexed by, uint256 value);

    constructor(uint256 unlockTime_) payable {
        owner = msg.sender;
        unlockTime = unlockTime_;
    }

    function set(uint256 v) external {
        require(v != 0, "value must not be zero");
        value = v;
        emit ValueSet(msg.sender, v);
    }

    function ownerOnly(uint256 v) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        value = v;
    }

    function failEmpty() external {
        value = 1;
        revert();
    }

    function withdraw() external {
        require(block.timestamp >= unlockTime, "still locked");
        require(msg.sender == owner, "not the owner");
        payable(owner).transfer(address(this).balance);
    }

    function context() external view returns (uint256 number, uint256 timestamp, uint256 basefee, address coinbase) {
        return (block.number, block.timestamp, block.basefee, block.coinbase);
    }

    function whoami() external view returns (address) {
        return msg.sender;
    }

    receive() external payable {}
}
