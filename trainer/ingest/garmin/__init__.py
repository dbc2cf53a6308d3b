"""Garmin Connect: turning response bodies into trainer rows (``detect``), one module per concept."""
