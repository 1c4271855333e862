"""After the meeting (issue 15): staged disclosure, its release worker, and the public archive."""
