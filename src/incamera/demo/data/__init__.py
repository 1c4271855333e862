"""Files the demo seeds (a briefing paper), read with importlib.resources."""
