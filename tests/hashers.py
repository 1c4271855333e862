"""Argon2 with small parameters for the test suite: the same algorithm and code path as
production, at a cost that lets hundreds of test accounts be created quickly."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
