"""Users, passkeys, sign-in and API tokens."""
