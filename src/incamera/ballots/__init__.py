"""Secret ballots (issue 14): Belenios elections held inside a meeting."""
