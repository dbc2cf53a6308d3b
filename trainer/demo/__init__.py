"""Synthetic, clearly labelled demo athletes whose HRV and resting HR answer to their training load."""
