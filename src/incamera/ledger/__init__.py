"""The Django side of the transparency log: the event table and its log entries (``models``),
recording events in the transaction of the change (``events``), turning events into entries
(``log``), the one-transaction sequencer, signing keys, receipts, witnessing, and serving tiles and
checkpoints.  The formats and proofs themselves are the pure package ``incamera.tlog``.
"""
