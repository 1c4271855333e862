"""NDAs: templates in the six UN languages, versions, signatures (issue 5)."""
