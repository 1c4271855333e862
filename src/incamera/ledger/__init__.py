"""Transparency log building blocks (pure: no Django).

- ``merkle``: RFC 9162 §2.1 hashing, inclusion and consistency proofs.
- ``note``: c2sp.org/signed-note (Ed25519, plus an experimental ML-DSA-44 type).
- ``checkpoint``: c2sp.org/tlog-checkpoint bodies.
- ``cosignature``: c2sp.org/tlog-cosignature (cosignature/v1 Ed25519, subtree/v1 ML-DSA-44).

Their errors hang off ``incamera.kernel.errors``::

    InvalidInputError
    ├── merkle.TreeSizeError              an index or size the tree does not have
    ├── note.MalformedNoteError           note syntax: text, blank line, signature lines
    ├── note.MalformedKeyError            key names, vkeys and skeys
    └── checkpoint.MalformedCheckpointError
    VerificationError
    ├── merkle.ProofError                 an inclusion or consistency proof that fails
    ├── note.NoteError
    │   ├── note.InvalidSignatureError    a known key's signature that fails: refuse the note
    │   └── note.UnverifiedNoteError      no signature from a known key
    └── checkpoint.CheckpointError        a checkpoint of another log
"""
