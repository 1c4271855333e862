"""Cryptographic building blocks (pure: no Django)."""
