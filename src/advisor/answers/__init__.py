"""Answer composition: scope and confidence, the short direct reply, follow-ups, rendering."""
