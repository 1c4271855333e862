"""Belenios (specification version 2.0, protocol version 1), written here from the specification.

Pure: no Django.  ``group`` holds the group and fast exponentiation; ``proofs`` the ElGamal
encryption and the zero-knowledge proofs; ``election`` the election, its questions and the
credentials; ``ballot`` makes and checks ballots; ``tally`` the encrypted tally, the trustees'
partial decryptions and the result; ``archive`` the public record (``<uuid>.bel``) that
``belenios-tool election verify`` audits.  Homomorphic questions only; trustees "Single".
"""
