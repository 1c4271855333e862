"""The transparency log's formats and proofs, pure: the standard library, ``cryptography``,
``rfc8785`` and ``incamera.kernel``; no Django, no app (the Django side is ``incamera.ledger``).
The ``incamera verify`` and ``incamera witness`` commands and any outside auditor need only this.

- ``merkle``: RFC 9162 §2.1 hashing, inclusion and consistency proofs.
- ``note``: c2sp.org/signed-note (Ed25519, plus an experimental ML-DSA-44 type).
- ``checkpoint``: c2sp.org/tlog-checkpoint bodies.
- ``cosignature``: c2sp.org/tlog-cosignature (cosignature/v1 Ed25519, subtree/v1 ML-DSA-44).
- ``tiles``: c2sp.org/tlog-tiles paths, hash tiles and entry bundles.
- ``verify``: receipts, whole-log audits and witness policies (RFC 9162 §8.1.3, §8.1.4).
- ``witness``: the c2sp.org/tlog-witness protocol.
- ``entries``: the log's entries (RFC 8785 JSON), pseudonyms and salted commitments.

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
