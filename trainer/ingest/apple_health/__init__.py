"""Apple Health: the export.zip (or its export.xml) the Health app writes, read as a stream."""
