"""RFC 6962 Merkle tree: official test vectors, a recursive reference, and properties."""

import hashlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.merkle import (
    EMPTY_ROOT,
    inclusion_proof,
    leaf_from_receipt,
    leaf_hash,
    merkle_root,
    node_hash,
    verify_inclusion,
)

# The certificate-transparency test data (as used by transparency-dev/merkle, proof/verify_test.go).
LEAVES = [
    bytes.fromhex(h)
    for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
]
ROOTS = [  # the root of the tree made of the first 1, 2, ..., 8 leaves
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index, tree size, audit path) from the same test data (which counts leaves from 1).
PROOFS = [
    (0, 1, []),
    (0, 8, [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]),
    (5, 8, [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ]),
]


def reference_root(leaves):
    """RFC 6962 section 2.1 written literally (recursive split at the largest power of two < n)."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + reference_root(leaves[:k]) + reference_root(leaves[k:])).digest()


def reference_path(index, leaves):
    """RFC 6962 section 2.1.1 PATH(m, D[n]) written literally."""
    n = len(leaves)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if index < k:
        return reference_path(index, leaves[:k]) + [reference_root(leaves[k:])]
    return reference_path(index - k, leaves[k:]) + [reference_root(leaves[:k])]


def test_empty_tree_is_the_hash_of_nothing():
    assert merkle_root([]) == EMPTY_ROOT
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_the_rfc_6962_test_vectors(size):
    assert merkle_root(LEAVES[:size]).hex() == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "path"), PROOFS)
def test_inclusion_proofs_match_the_rfc_6962_test_vectors(index, size, path):
    proof = inclusion_proof(LEAVES[:size], index)
    assert [node.hex() for node in proof] == path
    assert verify_inclusion(leaf=LEAVES[index], index=index, tree_size=size, proof=proof,
                            root=bytes.fromhex(ROOTS[size - 1]))


@pytest.mark.parametrize(("index", "size", "path"), PROOFS[1:])
def test_corrupted_test_vector_proofs_are_rejected(index, size, path):
    proof = [bytes.fromhex(node) for node in path]
    root = bytes.fromhex(ROOTS[size - 1])
    leaf = LEAVES[index]
    good = {"leaf": leaf, "index": index, "tree_size": size, "proof": proof, "root": root}
    assert verify_inclusion(**good)
    flipped = [bytearray(node) for node in proof]
    flipped[0][0] ^= 8
    bad_cases = [
        {**good, "index": index + 1},
        {**good, "index": index ^ 2},
        {**good, "tree_size": size * 2},
        {**good, "tree_size": size // 2},
        {**good, "leaf": b"WrongLeaf"},
        {**good, "root": EMPTY_ROOT},
        {**good, "proof": proof + [root]},
        {**good, "proof": [root] + proof},
        {**good, "proof": proof[:-1]},
        {**good, "proof": [bytes(node) for node in flipped]},
        {**good, "proof": proof + [b""]},
    ]
    for case in bad_cases:
        assert not verify_inclusion(**case), case


def test_single_leaf_tree_root_is_the_leaf_hash():
    assert merkle_root([b"data"]) == leaf_hash(b"data")
    assert verify_inclusion(leaf=b"data", index=0, tree_size=1, proof=[], root=leaf_hash(b"data"))
    assert not verify_inclusion(leaf=b"data", index=0, tree_size=0, proof=[], root=leaf_hash(b"data"))
    assert not verify_inclusion(leaf=b"data", index=1, tree_size=1, proof=[], root=leaf_hash(b"data"))


def test_node_hash_prefixes_differ_from_leaf_hash():
    # A two-leaf root is not the leaf hash of the two leaf hashes joined (second pre-image defence).
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    assert merkle_root([b"a", b"b"]) == node_hash(a, b)
    assert merkle_root([b"a", b"b"]) != leaf_hash(a + b)


@pytest.mark.parametrize("size", [*range(1, 70), 100, 127, 128, 129, 255, 256, 257, 1000, 1023, 1025])
def test_iterative_tree_has_the_rfc_shape(size):
    leaves = [i.to_bytes(4, "big") for i in range(size)]
    assert merkle_root(leaves) == reference_root(leaves)
    indices = range(size) if size <= 70 else [0, 1, size // 2, size - 2, size - 1]
    for index in indices:
        assert inclusion_proof(leaves, index) == reference_path(index, leaves)


def test_inclusion_proof_refuses_an_index_outside_the_tree():
    with pytest.raises(IndexError):
        inclusion_proof([b"a", b"b"], 2)
    with pytest.raises(IndexError):
        inclusion_proof([], 0)


def test_receipts_are_hashed_as_their_raw_digest():
    receipt = hashlib.sha256(b"ciphertext").hexdigest()
    assert leaf_from_receipt(receipt) == hashlib.sha256(b"ciphertext").digest()
    with pytest.raises(ValueError, match="64 hexadecimal"):
        leaf_from_receipt("abcd")


def test_sixteen_thousand_leaves_are_fast():
    leaves = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(16_000)]
    started = time.perf_counter()
    root = merkle_root(leaves)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    proof = inclusion_proof(leaves, 12_345)
    assert verify_inclusion(leaf=leaves[12_345], index=12_345, tree_size=16_000, proof=proof, root=root)


leaf_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(leaves=leaf_lists, data=st.data())
def test_dropping_a_leaf_changes_the_root(leaves, data):
    index = data.draw(st.integers(0, len(leaves) - 1))
    assert merkle_root(leaves[:index] + leaves[index + 1:]) != merkle_root(leaves)


@settings(max_examples=60, deadline=None)
@given(leaves=leaf_lists, data=st.data())
def test_duplicating_a_leaf_changes_the_root(leaves, data):
    index = data.draw(st.integers(0, len(leaves) - 1))
    assert merkle_root(leaves[:index + 1] + leaves[index:]) != merkle_root(leaves)


@settings(max_examples=60, deadline=None)
@given(leaves=st.lists(st.binary(max_size=8), min_size=2, max_size=40, unique=True), data=st.data())
def test_reordering_different_leaves_changes_the_root(leaves, data):
    shuffled = data.draw(st.permutations(leaves))
    if shuffled != leaves:
        assert merkle_root(shuffled) != merkle_root(leaves)


@settings(max_examples=60, deadline=None)
@given(leaves=leaf_lists)
def test_every_inclusion_proof_verifies_and_a_wrong_leaf_fails(leaves):
    root = merkle_root(leaves)
    for index, leaf in enumerate(leaves):
        proof = inclusion_proof(leaves, index)
        assert verify_inclusion(leaf=leaf, index=index, tree_size=len(leaves), proof=proof, root=root)
        assert not verify_inclusion(leaf=leaf + b"x", index=index, tree_size=len(leaves), proof=proof, root=root)
