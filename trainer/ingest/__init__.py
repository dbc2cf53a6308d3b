"""Getting data in: Garmin Connect sync, file imports and manual entries."""
